package io.jetway.spi.tck;

import io.jetway.spi.state.SnapshotWhileOpening;
import io.jetway.spi.state.StateBackend;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * Plays Jet's part in the snapshot protocol, for the contract tests and for a backend's own tests:
 * <ol>
 *     <li>{@link #prepare}: phase 1 on every processor's backend; their entries are kept under the snapshot id
 *     ({@link #prepareWhileOpening} when some processors have not seen their open complete);</li>
 *     <li>{@link #record}: Jet records the snapshot once phase 1 succeeded everywhere, before phase 2; from then
 *     on a restore starts from it. A snapshot never recorded (another processor failed it, or the job died
 *     first) is never restored from, unless a test asks for it by id;</li>
 *     <li>{@link #finish}: phase 2, or never, when a test "crashes" between the phases;</li>
 *     <li>{@link #restoreInto}: on restore, the entries of the snapshot that belong to the state partitions a
 *     new backend owns, before its open.</li>
 * </ol>
 * <pre>{@code
 * snapshots.prepare(1, backends);
 * snapshots.record(1);
 * snapshots.finish(1, true, backends);
 * ...
 * snapshots.restoreInto(restored, context.ownedStatePartitions());
 * restored.open(snapshots.hasRecorded());
 * }</pre>
 * Not thread-safe: one test thread drives it, as one processor thread drives a backend.
 */
public final class SnapshotStore {

    /** How often a backend answering {@link SnapshotWhileOpening#NOT_YET} is asked again. */
    private static final Duration ASK_AGAIN = Duration.ofMillis(10);

    /** One entry a backend wrote. */
    private record Entry(int partition, Object key, Object value) {
    }

    private final Map<Long, List<Entry>> prepared = new HashMap<>();
    /** What {@link #restoreInto} gave each backend: what it saves again when it answers SAVE_RESTORED_ENTRIES. */
    private final Map<StateBackend<?, ?>, List<Entry>> fed = new IdentityHashMap<>();
    private long lastRecorded = -1;

    /** Phase 1 of snapshot {@code snapshotId} on every backend; the snapshot is not {@link #record recorded} yet. */
    public void prepare(long snapshotId, List<? extends StateBackend<?, ?>> backends) throws Exception {
        List<Entry> entries = new ArrayList<>();
        for (StateBackend<?, ?> backend : backends) {
            backend.prepareSnapshot(snapshotId, (p, k, v) -> entries.add(new Entry(p, k, v)));
        }
        prepared.put(snapshotId, entries);
    }

    /**
     * Phase 1 of snapshot {@code snapshotId} as Jet runs it while the processors {@code opening} have not seen
     * their open complete: they answer {@link StateBackend#prepareSnapshotWhileOpening}, asked again while they
     * answer {@link SnapshotWhileOpening#NOT_YET} (as the host asks at its next call) for at most {@code timeout};
     * {@link SnapshotWhileOpening#SAVE_RESTORED_ENTRIES} saves what {@link #restoreInto} gave them. The
     * {@code running} ones prepare. The snapshot is not {@link #record recorded} yet; phase 2 is {@link #finish}
     * of the running ones.
     *
     * @throws AssertionError if a backend wrote entries but answered {@code NOT_YET}
     * @throws org.awaitility.core.ConditionTimeoutException if a backend still answers {@code NOT_YET} after
     *                                                      {@code timeout}, naming it
     */
    public void prepareWhileOpening(long snapshotId, List<? extends StateBackend<?, ?>> running,
                                    List<? extends StateBackend<?, ?>> opening, Duration timeout) throws Exception {
        List<Entry> entries = new ArrayList<>();
        for (StateBackend<?, ?> backend : running) {
            backend.prepareSnapshot(snapshotId, (p, k, v) -> entries.add(new Entry(p, k, v)));
        }
        for (StateBackend<?, ?> backend : opening) {
            entries.addAll(answerWhileOpening(backend, snapshotId, timeout));
        }
        prepared.put(snapshotId, entries);
    }

    private List<Entry> answerWhileOpening(StateBackend<?, ?> backend, long snapshotId, Duration timeout) {
        List<Entry> written = new ArrayList<>();
        SnapshotWhileOpening[] answer = new SnapshotWhileOpening[1];
        // In this thread, as the host asks on the processor's thread.
        await("an answer other than NOT_YET from prepareSnapshotWhileOpening(" + snapshotId + ") of " + backend
                + ", whose open completed")
                .atMost(timeout).pollInSameThread().pollDelay(Duration.ZERO).pollInterval(ASK_AGAIN)
                .until(() -> {
                    written.clear();
                    answer[0] = backend.prepareSnapshotWhileOpening(snapshotId,
                            (p, k, v) -> written.add(new Entry(p, k, v)));
                    if (answer[0] == SnapshotWhileOpening.NOT_YET && !written.isEmpty()) {
                        throw new AssertionError("prepareSnapshotWhileOpening(" + snapshotId + ") of " + backend
                                + " wrote " + written + " but answered NOT_YET");
                    }
                    return answer[0] != SnapshotWhileOpening.NOT_YET;
                });
        return answer[0] == SnapshotWhileOpening.WRITTEN ? written : fed.getOrDefault(backend, List.of());
    }

    /** Jet records snapshot {@code snapshotId} as completed: restores start from it from now on. */
    public void record(long snapshotId) {
        if (!prepared.containsKey(snapshotId)) {
            throw new IllegalStateException("snapshot " + snapshotId + " cannot be recorded: it was not prepared");
        }
        lastRecorded = snapshotId;
    }

    /** Phase 2 of snapshot {@code snapshotId} on every backend. */
    public void finish(long snapshotId, boolean success, List<? extends StateBackend<?, ?>> backends)
            throws Exception {
        for (StateBackend<?, ?> backend : backends) {
            backend.finishSnapshot(snapshotId, success);
        }
    }

    /** A snapshot that succeeds: phase 1 on every backend, recorded by Jet, then phase 2. */
    public void complete(long snapshotId, List<? extends StateBackend<?, ?>> backends) throws Exception {
        prepare(snapshotId, backends);
        record(snapshotId);
        finish(snapshotId, true, backends);
    }

    /**
     * Gives {@code backend} the entries of the last recorded snapshot that belong to its {@code owned} state
     * partitions, in the order they were written; nothing when no snapshot was recorded (a fresh start).
     */
    public void restoreInto(StateBackend<?, ?> backend, int[] owned) throws Exception {
        if (lastRecorded >= 0) {
            restoreInto(lastRecorded, backend, owned);
        }
    }

    /**
     * As {@link #restoreInto(StateBackend, int[])}, from snapshot {@code snapshotId}, which need not be the last
     * one recorded (as when a job is started from an exported snapshot).
     *
     * @throws IllegalStateException when snapshot {@code snapshotId} was never prepared
     */
    public void restoreInto(long snapshotId, StateBackend<?, ?> backend, int[] owned) throws Exception {
        List<Entry> entries = prepared.get(snapshotId);
        if (entries == null) {
            throw new IllegalStateException("no snapshot " + snapshotId + " to restore from; prepared: "
                    + prepared.keySet());
        }
        List<Entry> given = fed.computeIfAbsent(backend, b -> new ArrayList<>());
        for (Entry e : entries) {
            for (int p : owned) {
                if (p == e.partition()) {
                    given.add(e);
                    backend.restoreEntry(e.partition(), e.key(), e.value());
                }
            }
        }
    }

    /** Whether any snapshot was recorded, i.e. whether a new execution restores. */
    public boolean hasRecorded() {
        return lastRecorded >= 0;
    }

    /** The id of the last recorded snapshot, or -1 when none was. */
    public long lastRecorded() {
        return lastRecorded;
    }
}
