package io.jetway.spi.state;

import java.util.concurrent.CompletionStage;
import java.util.function.ObjLongConsumer;

/**
 * The state of one keyed stateful processor: one {@link KeyedStateStore} per owned state partition, and
 * its part in Jet's two-phase snapshot.
 *
 * <h2>Life cycle, all calls on the processor's thread</h2>
 * <ol>
 *     <li>{@link StateBackendFactory#create}</li>
 *     <li>when the job restores from a snapshot: {@link #restoreEntry} for every entry this backend wrote in
 *     that snapshot for a partition it owns now (possibly written by other processors, under another
 *     parallelism)</li>
 *     <li>{@link #open} once, then wait for the returned stage; no store is used before it completes</li>
 *     <li>while the open stage has not completed (restores only): for every snapshot
 *     {@link #prepareSnapshotWhileOpening}</li>
 *     <li>any number of store calls, and for every snapshot {@link #prepareSnapshot} (phase 1) then
 *     {@link #finishSnapshot} (phase 2)</li>
 *     <li>{@link #close}, idempotent, also after a failure at any step</li>
 * </ol>
 *
 * <h2>Snapshot contract</h2>
 * After phase 1 of snapshot N the backend can restore, on any member, exactly the state as of the moment
 * of phase 1: changes made after it belong to the next snapshot. A restore from snapshot N must discard
 * changes made after N's phase 1 even when they were written somewhere durable. Phase 2 with
 * {@code success=false} means snapshot N was not recorded: keep its changes pending, they are covered by
 * the next successful snapshot. Snapshot cost may grow with the changes since the last snapshot but
 * should not grow with the size of the state (the {@code heap} backend, which copies its state into the
 * snapshot, is the baseline to beat).
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface StateBackend<K, V> extends AutoCloseable {

    /** Adds one entry of the snapshot being restored; see {@link SnapshotWriter#write}. */
    void restoreEntry(int statePartition, Object key, Object value) throws Exception;

    /**
     * Makes the stores ready: restores the state (after {@link #restoreEntry} calls) or starts empty. Runs
     * slow work off the calling thread and completes the stage when every store can be used; the caller
     * polls it without blocking.
     *
     * @param restoring whether the job is restoring from a snapshot (even one with no entries for this backend)
     */
    CompletionStage<Void> open(boolean restoring);

    /** The store of an owned state partition; {@code IllegalArgumentException} for a partition not owned. */
    KeyedStateStore<K, V> store(int statePartition);

    /** Phase 1 of snapshot {@code snapshotId}: make the changes so far restorable and write what a restore needs. */
    void prepareSnapshot(long snapshotId, SnapshotWriter snapshot) throws Exception;

    /**
     * Phase 1 of a snapshot Jet asks for after a restore, before this backend's {@link #open} completed; no
     * store was used since the restore. Never called on a fresh start; phase 2 of such a snapshot is not
     * passed to the backend. Must not block: return {@link SnapshotWhileOpening#NOT_YET} (writing nothing) to
     * be asked again later. The default saves the restored entries again, which is wrong for a backend whose
     * entries name what one execution left behind (transactions to commit, ids to fence): a snapshot must not
     * mix such entries of the previous execution with the current execution's. A backend that wraps another
     * must pass this call on, or the wrapped backend's answer is silently replaced by this default.
     *
     * @param snapshotId the id of the last snapshot restored or prepared
     */
    default SnapshotWhileOpening prepareSnapshotWhileOpening(long snapshotId, SnapshotWriter snapshot) throws Exception {
        return SnapshotWhileOpening.SAVE_RESTORED_ENTRIES;
    }

    /**
     * The processor has no input at hand (Jet called its {@code tryProcess}, or a source found nothing to
     * poll), after the open and outside phase 1, on the processor's thread. Must not block. A backend may do
     * deferred work here, such as sending changes it holds back, so that phase 1, during which the processor
     * waits, finds less to do. A backend that wraps another must pass this call on. The default does nothing.
     */
    default void idle() throws Exception {
    }

    /** Phase 2 of snapshot {@code snapshotId}: commit its changes when {@code success}, else keep them pending. */
    void finishSnapshot(long snapshotId, boolean success) throws Exception;

    /**
     * Reports the backend's metrics (name, value), for example memory in bytes or restore progress. Called
     * from Jet's metrics thread: read only fields that are safe to read racily.
     */
    default void collectMetrics(ObjLongConsumer<String> metrics) {
    }

    /**
     * Frees every resource (memory, clients, threads); idempotent. When the snapshot phases run on a thread
     * of their own ({@link StateBackendFactory#isSnapshotBlocking()}) and that thread did not stop in time,
     * a {@link #prepareSnapshot} or {@link #finishSnapshot} call may still be running: do not free what it
     * uses before it returns (defer that to its return), and refuse later phase calls.
     */
    @Override
    void close() throws Exception;
}
