package io.jetway.state.changelog;

import com.hazelcast.logging.ILogger;
import io.jetway.kafka.common.txn.PreparedTransaction;
import io.jetway.kafka.common.txn.TransactionResumer;
import io.jetway.kafka.common.txn.TransactionalProducerPool;
import io.jetway.spi.state.KeyedStateStore;
import io.jetway.spi.state.SnapshotWhileOpening;
import io.jetway.spi.state.SnapshotWriter;
import io.jetway.spi.state.StateBackend;
import io.jetway.spi.state.StateBackendContext;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ObjLongConsumer;

/**
 * The {@code kafka-changelog} backend of one processor, running: an {@link OffHeapBytesMap} per owned
 * state partition, changes appended to the compacted changelog topic (changelog partition = state partition),
 * by default each changed key's newest value once per snapshot epoch ({@link WriteBehindBuffer}), and Jet
 * snapshots holding only positions ({@link ChangelogSnapshotEntry}). Opening it (topic, transactions, restore)
 * is the job of its {@link ChangelogOpening}, which hands over the {@link OpenedChangelog} it runs with.
 *
 * <h2>Exactly-once</h2>
 * Changes are written in a Kafka transaction per snapshot epoch from a {@link TransactionalProducerPool}.
 * Phase 1 sends the buffered changes, flushes, prepares the transaction (producer id and epoch read now)
 * and writes, per owned partition, the base and last offsets; the writer's lowest partition (its
 * <em>anchor</em>) also carries the prepared transactions. Changes made after phase 1 go to the next transaction. Phase 2 commits.
 * <p>
 * Threads: the SPI calls come from the processor thread, the snapshot phases maybe from a thread of the
 * processor's own; the open runs on threads of the opening; its result is handed over through the completion
 * of the open stage. {@link #collectMetrics} reads atomics and volatiles only. {@link #close} frees the
 * off-heap state only once no phase call runs: a phase thread that did not stop in time frees it when its call
 * returns.
 */
final class KafkaChangelogStateBackend<K, V> implements StateBackend<K, V> {

    private static final int CLOSED_BIT = 1 << 30;
    /** A phase 1 at least this long is logged with its parts. */
    private static final long SLOW_PREPARE_MILLIS = 1000;

    private final ChangelogOptions options;
    private final StateBackendContext<K, V> context;
    private final ILogger logger;
    private final String where;
    private final OwnedPartitions owned;
    private final RestoredPositions positions;
    private final RestoreProgress progress = new RestoreProgress();
    private final ChangelogOpening<K, V> opening;

    private CompletableFuture<Void> openStage;
    // Written by the open threads, read by the processor thread once the open stage completed (after ready).
    private OpenedChangelog<K, V> opened;
    private volatile boolean ready;
    // durations of the last snapshot phases, for metrics
    private volatile long lastPrepareMillis;
    private volatile long lastCommitMillis;
    private volatile boolean closed;
    // phase calls (prepareSnapshot, finishSnapshot) running now, plus CLOSED_BIT once close() ran
    private final AtomicInteger phaseCalls = new AtomicInteger();
    // written before CLOSED_BIT is set: whether the memory may be freed (the open threads stopped)
    private volatile boolean memoryFreeable;

    /** @param resumer the transaction resumer, {@code null} when the job is not exactly-once */
    KafkaChangelogStateBackend(StateBackendContext<K, V> context, ChangelogOptions options, TransactionResumer resumer) {
        this.context = context;
        this.options = options;
        this.logger = context.logger();
        this.where = "kafka-changelog state of job '" + context.jobName() + "' vertex '" + context.vertexName()
                + "' processor " + context.processorIndex() + "/" + context.totalParallelism();
        this.owned = new OwnedPartitions(where, context.ownedStatePartitions(), context.statePartitionCount());
        this.positions = new RestoredPositions(where, owned, options.topic());
        this.opening = new ChangelogOpening<>(context, options, resumer, where, owned, positions, progress,
                () -> closed);
    }

    @Override
    public void restoreEntry(int statePartition, Object key, Object value) {
        if (openStage != null) {
            throw new IllegalStateException(where + ": snapshot entry after open()");
        }
        positions.add(statePartition, key, value);
    }

    @Override
    public CompletionStage<Void> open(boolean restoring) {
        if (openStage != null) {
            throw new IllegalStateException(where + ": open() called twice");
        }
        if (closed) {
            throw new IllegalStateException(where + ": closed");
        }
        openStage = opening.start(restoring).thenAccept(result -> {
            opened = result;
            ready = true;
        });
        return openStage.copy();
    }

    @Override
    public KeyedStateStore<K, V> store(int statePartition) {
        if (!ready) {
            throw new IllegalStateException(where + ": store(" + statePartition + ") before open completed");
        }
        owned.check(statePartition);
        return opened.stores()[statePartition];
    }

    @Override
    public void prepareSnapshot(long snapshotId, SnapshotWriter snapshot) {
        if (owned.isEmpty()) {
            return;
        }
        enterPhase();
        try {
            prepare(snapshotId, snapshot);
        } finally {
            exitPhase();
        }
    }

    /**
     * Before the open completed: the restored positions, taken over by this execution once its recovery is
     * done ({@link ChangelogOpening#snapshotWhileOpening}).
     */
    @Override
    public SnapshotWhileOpening prepareSnapshotWhileOpening(long snapshotId, SnapshotWriter snapshot) {
        return opening.snapshotWhileOpening(snapshotId, snapshot);
    }

    private void prepare(long snapshotId, SnapshotWriter snapshot) {
        if (!ready) {
            throw new IllegalStateException(where + ": prepareSnapshot before open completed");
        }
        long startNs = System.nanoTime();
        OpenedChangelog<K, V> o = opened;
        if (o.buffer() != null) {
            o.buffer().flush();
        }
        long flushedNs = System.nanoTime();
        ChangelogWriter writer = o.writer();
        List<PreparedTransaction> prepared = writer.prepare(snapshotId);
        long endNs = System.nanoTime();
        lastPrepareMillis = TimeUnit.NANOSECONDS.toMillis(endNs - startNs);
        if (lastPrepareMillis >= SLOW_PREPARE_MILLIS) {
            // the processor waits meanwhile (behind a keyed edge, the job): say where the time went
            logger.info(where + ": snapshot " + snapshotId + " phase 1 took " + lastPrepareMillis + " ms (sending the held "
                    + "changes " + TimeUnit.NANOSECONDS.toMillis(flushedNs - startNs) + " ms, the producers' flush and "
                    + "prepare " + TimeUnit.NANOSECONDS.toMillis(endNs - flushedNs) + " ms)");
        }
        int anchor = owned.anchor();
        for (int partition : owned.partitions()) {
            snapshot.write(partition, ChangelogSnapshotEntry.KEY, new ChangelogSnapshotEntry(options.topic(),
                    partition, snapshotId, o.generation(), context.processorIndex(), context.totalParallelism(),
                    options.poolSize(), writer.baseOffset(partition), writer.lastOffset(partition), partition == anchor,
                    partition == anchor ? prepared : List.of(), writer.ranges(partition), localSize(partition)));
        }
    }

    private ChangelogSnapshotEntry.LocalSize localSize(int partition) {
        OffHeapBytesMap map = owned.maps()[partition];
        return new ChangelogSnapshotEntry.LocalSize(map.size(), map.liveBytes());
    }

    /** Sends the held changes while the processor has no input ({@code write.buffer.idle.interval.ms}). */
    @Override
    public void idle() {
        if (ready) {
            WriteBehindBuffer buffer = opened.buffer();
            if (buffer != null) {
                buffer.sendWhileIdle();
            }
        }
    }

    @Override
    public void finishSnapshot(long snapshotId, boolean success) {
        ChangelogWriter writer = ready ? opened.writer() : null;
        if (success && writer != null) {
            enterPhase();
            try {
                long startNs = System.nanoTime();
                writer.commit(snapshotId);
                lastCommitMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
            } finally {
                exitPhase();
            }
        }
    }

    // A snapshot phase may run on a thread of the processor's own that did not stop when the processor closed
    // (SnapshotPhaseRunner.close() gave up waiting): then the last phase call to return frees the off-heap state.
    private void enterPhase() {
        int calls;
        do {
            calls = phaseCalls.get();
            if ((calls & CLOSED_BIT) != 0) {
                throw new IllegalStateException(where + ": closed");
            }
        } while (!phaseCalls.compareAndSet(calls, calls + 1));
    }

    private void exitPhase() {
        if (phaseCalls.decrementAndGet() == CLOSED_BIT && memoryFreeable) {
            logger.info(where + ": the snapshot phase that still ran at close() ended; freeing the off-heap state");
            freeMemory();
        }
    }

    @Override
    public void collectMetrics(ObjLongConsumer<String> metrics) {
        metrics.accept("changelog.offHeapBytes", owned.memory().reservedBytes());
        metrics.accept("changelog.keys", owned.keys());
        ChangelogWriter w = ready ? opened.writer() : null;
        if (w != null) {
            metrics.accept("changelog.recordsAppended", w.appended());
            metrics.accept("changelog.bytesInFlight", w.bytesInFlight());
            metrics.accept("changelog.snapshotPrepareMillis", lastPrepareMillis);
            metrics.accept("changelog.snapshotCommitMillis", lastCommitMillis);
        }
        progress.collect(metrics);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        ready = false;
        boolean quiet = opening.close();
        memoryFreeable = quiet;
        // from now on no phase call enters; one still inside frees the memory when it returns (exitPhase)
        int phasesRunning = phaseCalls.getAndAdd(CLOSED_BIT);
        if (!quiet) {
            logger.severe(where + ": the open threads did not stop within " + ChangelogOpening.CLOSE_WAIT_MS
                    + " ms; leaving " + owned.memory().reservedBytes() + " bytes of off-heap state allocated rather "
                    + "than free memory in use");
            return;
        }
        if (phasesRunning != 0) {
            logger.warning(where + ": a snapshot phase still runs on another thread at close(); its "
                    + owned.memory().reservedBytes() + " bytes of off-heap state are freed when it returns, not now");
            return;
        }
        freeMemory();
    }

    private void freeMemory() {
        owned.free();
        OpenedChangelog<K, V> o = opened;
        if (o != null && o.buffer() != null) {
            o.buffer().close();
        }
    }
}
