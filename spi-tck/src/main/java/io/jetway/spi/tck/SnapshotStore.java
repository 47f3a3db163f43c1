package io.jetway.spi.tck;

import io.jetway.spi.state.StateBackend;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Plays Jet's part in the snapshot protocol for the contract tests: phase 1 on every processor, the
 * snapshot recorded once all succeeded, phase 2 afterwards (or never, when the test "crashes" between
 * the phases), and on restore each entry handed to the processor that owns its partition now.
 */
final class SnapshotStore {

    /** One entry a backend wrote. */
    record Entry(int partition, Object key, Object value) {
    }

    private final Map<Long, List<Entry>> completed = new HashMap<>();
    private long lastCompleted = -1;

    /** Phase 1 on every backend, then records the snapshot as completed; phase 2 is {@link #finish}. */
    void prepare(long snapshotId, List<? extends StateBackend<?, ?>> backends) throws Exception {
        List<Entry> entries = new ArrayList<>();
        for (StateBackend<?, ?> backend : backends) {
            backend.prepareSnapshot(snapshotId, (p, k, v) -> entries.add(new Entry(p, k, v)));
        }
        completed.put(snapshotId, entries);
        lastCompleted = snapshotId;
    }

    /** Phase 1 on the backends, but the snapshot is not recorded (another processor failed it). */
    void prepareFailing(long snapshotId, List<? extends StateBackend<?, ?>> backends) throws Exception {
        for (StateBackend<?, ?> backend : backends) {
            backend.prepareSnapshot(snapshotId, (p, k, v) -> { });
        }
    }

    /** Phase 2 on every backend. */
    void finish(long snapshotId, boolean success, List<? extends StateBackend<?, ?>> backends) throws Exception {
        for (StateBackend<?, ?> backend : backends) {
            backend.finishSnapshot(snapshotId, success);
        }
    }

    /** Feeds the entries of the last completed snapshot that belong to {@code owned} partitions. */
    void restoreInto(StateBackend<?, ?> backend, int[] owned) throws Exception {
        if (lastCompleted < 0) {
            return;
        }
        for (Entry e : completed.get(lastCompleted)) {
            for (int p : owned) {
                if (p == e.partition()) {
                    backend.restoreEntry(e.partition(), e.key(), e.value());
                }
            }
        }
    }

    /** Whether any snapshot completed. */
    boolean hasSnapshot() {
        return lastCompleted >= 0;
    }
}
