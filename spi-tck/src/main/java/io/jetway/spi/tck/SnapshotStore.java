package io.jetway.spi.tck;

import io.jetway.spi.state.SnapshotWhileOpening;
import io.jetway.spi.state.StateBackend;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

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
    private final Map<StateBackend<?, ?>, List<Entry>> fed = new IdentityHashMap<>();
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

    /**
     * A snapshot Jet takes while the processors {@code opening} have not seen their open complete: they answer
     * {@link StateBackend#prepareSnapshotWhileOpening} (asked again until they answer, within {@code timeout},
     * as the host does; {@code SAVE_RESTORED_ENTRIES} saves what {@link #restoreInto} gave them), the
     * {@code running} ones prepare. The snapshot is recorded as completed; phase 2 is {@link #finish} of the
     * running ones.
     */
    void prepareWhileOpening(long snapshotId, List<? extends StateBackend<?, ?>> running,
                             List<? extends StateBackend<?, ?>> opening, Duration timeout) throws Exception {
        List<Entry> entries = new ArrayList<>();
        for (StateBackend<?, ?> backend : running) {
            backend.prepareSnapshot(snapshotId, (p, k, v) -> entries.add(new Entry(p, k, v)));
        }
        for (StateBackend<?, ?> backend : opening) {
            entries.addAll(answerWhileOpening(backend, snapshotId, timeout));
        }
        completed.put(snapshotId, entries);
        lastCompleted = snapshotId;
    }

    private List<Entry> answerWhileOpening(StateBackend<?, ?> backend, long snapshotId, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Entry> written = new ArrayList<>();
            SnapshotWhileOpening answer = backend.prepareSnapshotWhileOpening(snapshotId,
                    (p, k, v) -> written.add(new Entry(p, k, v)));
            if (answer == SnapshotWhileOpening.WRITTEN) {
                return written;
            }
            if (answer == SnapshotWhileOpening.SAVE_RESTORED_ENTRIES) {
                return fed.getOrDefault(backend, List.of());
            }
            if (!written.isEmpty()) {
                throw new AssertionError("prepareSnapshotWhileOpening wrote " + written + " but answered NOT_YET");
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("prepareSnapshotWhileOpening still answers NOT_YET after " + timeout
                        + ", with its open completed");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));   // the host asks again at its next call
        }
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
                    fed.computeIfAbsent(backend, b -> new ArrayList<>()).add(e);
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
