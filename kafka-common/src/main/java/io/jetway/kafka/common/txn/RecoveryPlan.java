package io.jetway.kafka.common.txn;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one processor must do with transactional ids before it writes, so that across all processors of
 * the new execution every transaction a snapshot prepared is committed exactly once and every other
 * transaction of earlier executions is aborted, also when the parallelism changed.
 *
 * <h2>Who does what (processor {@code j} of {@code P}, restoring a snapshot written by generation
 * {@code g0} with {@code P0} processors)</h2>
 * <ul>
 *     <li>An old writer {@code i}'s prepared transactions are committed, and then all its ids of parity
 *     {@code g0} fenced, by the one new processor that received that writer's <em>anchor</em> (the
 *     caller's choice, e.g. the snapshot entry of the writer's lowest state partition). If
 *     {@code i >= P}, nobody writes with {@code i}'s ids of the new parity either, so it fences those too.</li>
 *     <li>Processor {@code j} writes with its own pool ({@code j}, parity {@code g0 + 1}): creating the pool
 *     fences those ids.</li>
 *     <li>Ids nobody owns are probed: processor {@code j} fences the ids of every index
 *     {@code i = j, j + P, j + 2P, ... < 2 * max(P0, P)} that no processor writes with
 *     ({@code i >= P}, new parity) and no old writer had ({@code i >= P0}, old parity): leftovers of
 *     failed executions with a higher parallelism.</li>
 * </ul>
 * The ids of a writer's anchor are never fenced by anybody else before they are committed: other
 * processors only touch the new parity, and the old parity of indexes that had no writer.
 */
public final class RecoveryPlan {

    private static final int PROBE_FACTOR = 2;

    private final int generation;
    private final List<String> pool;
    private final List<PreparedTransaction> toCommit;
    private final List<String> toFence;

    private RecoveryPlan(int generation, List<String> pool, List<PreparedTransaction> toCommit,
                         Set<String> toFence) {
        this.generation = generation;
        this.pool = List.copyOf(pool);
        this.toCommit = List.copyOf(toCommit);
        toFence.removeAll(pool);
        this.toFence = List.copyOf(toFence);
    }

    /**
     * The plan of a job that starts without a snapshot: generation 0, and every id of indexes
     * {@code j, j + P, ... < 2P} fenced, both parities, except its own pool. The job's earlier
     * incarnation (cancelled, same name) may have left open transactions on them.
     */
    public static RecoveryPlan freshStart(TransactionalIdScheme ids, int processorIndex, int parallelism,
                                          int poolSize) {
        checkProcessor(processorIndex, parallelism, poolSize);
        Set<String> fence = new LinkedHashSet<>();
        for (int i = processorIndex; i < PROBE_FACTOR * parallelism; i += parallelism) {
            fence.addAll(ids.pool(i, 0, poolSize));
            fence.addAll(ids.pool(i, 1, poolSize));
        }
        return new RecoveryPlan(0, ids.pool(processorIndex, 0, poolSize), List.of(), fence);
    }

    /**
     * The plan of a processor restoring a snapshot.
     *
     * @param previous the execution that wrote the snapshot
     * @param anchors  the old writers whose anchor this processor received, with the transactions they
     *                 prepared and that the snapshot recorded
     */
    public static RecoveryPlan restore(TransactionalIdScheme ids, int processorIndex, int parallelism, int poolSize,
                                       PreviousExecution previous, Collection<WriterTransactions> anchors) {
        checkProcessor(processorIndex, parallelism, poolSize);
        int generation = previous.generation() + 1;
        int oldGeneration = previous.generation();
        int oldParallelism = previous.parallelism();
        int probePoolSize = Math.max(poolSize, previous.poolSize());
        List<PreparedTransaction> commit = new ArrayList<>();
        Set<String> fence = new LinkedHashSet<>();
        for (WriterTransactions writer : anchors) {
            int i = writer.writerIndex();
            if (i >= oldParallelism) {
                throw new IllegalArgumentException("Writer " + i + " cannot belong to an execution of parallelism "
                        + oldParallelism);
            }
            commit.addAll(writer.prepared());
            fence.addAll(ids.pool(i, oldGeneration, previous.poolSize()));
            if (i >= parallelism) {
                fence.addAll(ids.pool(i, generation, probePoolSize));
            }
        }
        for (int i = processorIndex; i < PROBE_FACTOR * Math.max(oldParallelism, parallelism); i += parallelism) {
            if (i >= parallelism) {
                fence.addAll(ids.pool(i, generation, probePoolSize));
            }
            if (i >= oldParallelism) {
                fence.addAll(ids.pool(i, oldGeneration, probePoolSize));
            }
        }
        return new RecoveryPlan(generation, ids.pool(processorIndex, generation, poolSize), commit, fence);
    }

    private static void checkProcessor(int processorIndex, int parallelism, int poolSize) {
        if (parallelism < 1 || processorIndex < 0 || processorIndex >= parallelism || poolSize < 1) {
            throw new IllegalArgumentException("processor " + processorIndex + " of " + parallelism
                    + " with a pool of " + poolSize);
        }
    }

    /** The generation of the new execution: 0 for a fresh start, the restored one's plus 1 otherwise. */
    public int generation() {
        return generation;
    }

    /** The transactional ids this processor writes with. */
    public List<String> pool() {
        return pool;
    }

    /** Prepared transactions to commit if still open, before anything is fenced. */
    public List<PreparedTransaction> toCommit() {
        return toCommit;
    }

    /** Ids to fence (which aborts their open transaction) after the commits; never one of {@link #pool()}. */
    public List<String> toFence() {
        return toFence;
    }

    @Override
    public String toString() {
        return "RecoveryPlan[generation " + generation + ", pool " + pool + ", commit " + toCommit + ", fence "
                + toFence.size() + " ids]";
    }

    /**
     * The shape of the execution that wrote a snapshot.
     *
     * @param generation  its generation
     * @param parallelism its number of processors
     * @param poolSize    the pool size of each of its processors
     */
    public record PreviousExecution(int generation, int parallelism, int poolSize) {

        /** Validates the fields. */
        public PreviousExecution {
            if (generation < 0 || parallelism < 1 || poolSize < 1) {
                throw new IllegalArgumentException("generation " + generation + ", parallelism " + parallelism
                        + ", pool size " + poolSize);
            }
        }
    }

    /**
     * The transactions one processor of the previous execution had prepared when the snapshot was taken.
     *
     * @param writerIndex its processor index
     * @param prepared    its prepared transactions, oldest first
     */
    public record WriterTransactions(int writerIndex, List<PreparedTransaction> prepared) {

        /** Copies the list. */
        public WriterTransactions {
            prepared = List.copyOf(prepared);
        }
    }
}
