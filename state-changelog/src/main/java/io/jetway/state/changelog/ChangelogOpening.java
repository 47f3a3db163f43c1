package io.jetway.state.changelog;

import com.hazelcast.logging.ILogger;
import io.jetway.kafka.common.txn.Futures;
import io.jetway.kafka.common.txn.KafkaFailures;
import io.jetway.kafka.common.txn.RecoveryPlan;
import io.jetway.kafka.common.txn.TransactionResumer;
import io.jetway.kafka.common.txn.TransactionalProducerFactory;
import io.jetway.kafka.common.txn.TransactionalStart;
import io.jetway.spi.state.SnapshotWhileOpening;
import io.jetway.spi.state.SnapshotWriter;
import io.jetway.spi.state.StateBackendContext;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Opens one processor's {@code kafka-changelog} backend and hands over the {@link OpenedChangelog} it runs with.
 * <p>
 * Off the processing thread: validate (or create) the topic; run the {@link RecoveryPlan} (commit the
 * restored anchors' transactions if still open, then fence every other id earlier executions may have
 * used) and start the pool, which fences its own ids ({@link TransactionalStart}); then either start empty
 * (the writer learns this job's base in each partition from its first acknowledged record there: older records
 * belong to an earlier job with the same name), or read every owned partition {@code read_committed} from its
 * base to the snapshot's last offset, all partitions at once ({@link ParallelRestore}).
 * <p>
 * Threads: {@link #start} runs on a coordinator thread and worker threads of its own, which {@link #close}
 * stops. The producers, once started, belong to the opening until it is closed, also when a later step fails.
 */
final class ChangelogOpening<K, V> {

    /** How long {@link #close} waits for the open threads. */
    static final long CLOSE_WAIT_MS = 60_000;

    private static final long ADMIN_TIMEOUT_MS = 60_000;

    private final StateBackendContext<K, V> context;
    private final ChangelogOptions options;
    private final TransactionResumer resumer;
    private final ILogger logger;
    private final String where;
    private final OwnedPartitions owned;
    private final RestoredPositions positions;
    private final RestoreProgress progress;
    private final BooleanSupplier closed;
    private final long maxBytesInFlight;

    private ExecutorService coordinator;
    private ExecutorService workers;
    // Written by the open threads; read by close() once they stopped.
    private ChangelogProducers producers;
    // written before recovered is set; read by snapshotWhileOpening once recovered
    private int generation;
    // set once the previous execution's transactions are committed and its ids fenced (after generation is set)
    private volatile boolean recovered;

    /**
     * @param resumer the transaction resumer, {@code null} when the job is not exactly-once
     * @param closed  whether the backend closed: the open stops as soon as it can
     */
    ChangelogOpening(StateBackendContext<K, V> context, ChangelogOptions options, TransactionResumer resumer,
                     String where, OwnedPartitions owned, RestoredPositions positions, RestoreProgress progress,
                     BooleanSupplier closed) {
        this.context = context;
        this.options = options;
        this.resumer = resumer;
        this.logger = context.logger();
        this.where = where;
        this.owned = owned;
        this.positions = positions;
        this.progress = progress;
        this.closed = closed;
        this.maxBytesInFlight = ChangelogWriter.maxBytesInFlight(options.producerBufferMemory(),
                options.producerBatchSize(), owned.partitions().length);
    }

    /**
     * Starts opening on threads of its own; the stage completes with what the backend runs with, or fails with
     * a {@code RestartableException} when a restart may cure the failure, else an {@link IllegalStateException}.
     *
     * @param restoring whether Jet restores a snapshot
     */
    CompletableFuture<OpenedChangelog<K, V>> start(boolean restoring) {
        String threadPrefix = "jetway-changelog-" + context.vertexName() + "-" + context.processorIndex();
        coordinator = Executors.newSingleThreadExecutor(daemonThreads(threadPrefix + "-open"));
        workers = Executors.newFixedThreadPool(options.restoreThreads(), daemonThreads(threadPrefix + "-worker"));
        CompletableFuture<OpenedChangelog<K, V>> opening = CompletableFuture.supplyAsync(() -> {
            try {
                return openBlocking(restoring);
            } catch (Exception e) {
                String what = where + ": cannot " + (restoring ? "restore" : "open");
                throw KafkaFailures.isRestartable(e) ? KafkaFailures.forProcessor(what, e)
                        : new IllegalStateException(what + ": " + e.getMessage(), e);
            }
        }, coordinator);
        opening.whenComplete((ignored, error) -> {
            coordinator.shutdown();
            workers.shutdown();
        });
        return opening;
    }

    private OpenedChangelog<K, V> openBlocking(boolean restoring) throws Exception {
        long startNs = System.nanoTime();
        if (owned.isEmpty()) {
            logger.fine(where + " owns no state partition: nothing to open");
            return OpenedChangelog.nothingOwned();
        }
        List<ChangelogSnapshotEntry> entries = positions.checked(restoring);
        boolean fromSnapshot = !entries.isEmpty();
        logger.info(where + ": opening state partitions " + owned.describe() + " of changelog '" + options.topic()
                + "', " + (fromSnapshot ? "restoring snapshot " + entries.get(0).snapshotId()
                : restoring ? "restoring a snapshot without changelog positions: starting empty" : "starting empty")
                + (context.exactlyOnce() ? ", exactly-once" : ", at-least-once") + "; Kafka client properties "
                + options.redactedClientProperties());
        long topicNs;
        long producersNs;
        try (Admin admin = Admin.create(options.adminProperties(clientId("admin")))) {
            // The transactions (commits, fences, the pool's initTransactions) do not need the topic: they run
            // while it is checked; only the producers' metadata waits for it (a missing topic must be created
            // with compaction here, never auto-created by a producer's metadata request).
            CompletableFuture<Void> topicReady = new CompletableFuture<>();
            CompletableFuture<Void> started = startProducers(entries, admin, topicReady);
            try {
                ChangelogTopic.ensureShared(admin, options.adminProperties(""), options.topic(),
                        context.statePartitionCount(), options.replicationFactor(), options.createTopic());
                topicReady.complete(null);
            } catch (RuntimeException e) {
                topicReady.completeExceptionally(e);
                throw e;
            }
            topicNs = System.nanoTime();
            Futures.join(started);
            producersNs = System.nanoTime();
            checkNotClosed();
        }
        // A fresh start asks the brokers for no offsets: the writer learns where this job's records begin from
        // the acknowledgement of its first record in each partition.
        long[] baseOffsets = baseOffsetsOf(entries);
        long[] lastOffsets = new long[context.statePartitionCount()];
        Arrays.fill(lastOffsets, -1);
        for (ChangelogSnapshotEntry entry : entries) {
            lastOffsets[entry.statePartition()] = entry.lastOffset();
        }
        if (fromSnapshot) {
            new ParallelRestore(options, context.exactlyOnce(), where, context.processorIndex(), owned, progress,
                    workers, closed, logger).run(entries, baseOffsets);
        }
        OpenedChangelog<K, V> opened = opened(baseOffsets, lastOffsets);
        long endNs = System.nanoTime();
        logger.info(where + ": open after " + millis(endNs - startNs) + " ms (topic check " + millis(topicNs - startNs)
                + " ms, then transactions " + millis(producersNs - topicNs) + " ms more, restore "
                + millis(endNs - producersNs) + " ms)"
                + (fromSnapshot ? "; restore: " + progress : "") + "; " + owned.keys() + " keys, "
                + owned.memory().reservedBytes() + " bytes off-heap");
        return opened;
    }

    @SuppressWarnings("unchecked")
    private OpenedChangelog<K, V> opened(long[] baseOffsets, long[] lastOffsets) {
        ChangelogWriter writer = new ChangelogWriter(options.topic(), where, options.transactionTimeoutMs(), producers,
                lastOffsets, baseOffsets, maxBytesInFlight);
        // also with write.buffer.keys=0: it holds what the producer has no room for yet, so no send blocks
        WriteBehindBuffer buffer = new WriteBehindBuffer(writer, owned.maps(), owned.partitions(), owned.memory(),
                options.writeBufferKeys(), TimeUnit.MILLISECONDS.toNanos(options.writeBufferIdleIntervalMs()),
                options.writeBufferIdleMaxKeys());
        ChangeRecorder changes = buffer;
        OffHeapBytesMap.Scratch keyScratch = new OffHeapBytesMap.Scratch();
        OffHeapBytesMap.Scratch valueScratch = new OffHeapBytesMap.Scratch();
        ChangelogStore<K, V>[] stores = new ChangelogStore[owned.count()];
        for (int partition : owned.partitions()) {
            stores[partition] = new ChangelogStore<>(partition, owned.maps()[partition], context.keySerde(),
                    context.valueSerde(), changes, keyScratch, valueScratch);
        }
        return new OpenedChangelog<>(stores, writer, buffer, generation);
    }

    /**
     * Starts {@link #producers}; the stage completes once they are set. Exactly-once: a {@link TransactionalStart}
     * commits and fences what earlier executions left ({@link RecoveryPlan}) while the pool initialises its own
     * ids. Each producer reads the topic's metadata once {@code topicReady} completes. On failure, or when the
     * backend closed meanwhile, every producer started is closed.
     */
    private CompletableFuture<Void> startProducers(List<ChangelogSnapshotEntry> entries, Admin admin,
                                                   CompletableFuture<Void> topicReady) {
        if (!context.exactlyOnce()) {
            generation = entries.isEmpty() ? 0 : entries.get(0).generation() + 1;
            recovered = true;
            return topicReady.thenRunAsync(() -> producers = ChangelogProducers.atLeastOnce(withTopicMetadata(
                    new KafkaProducer<>(options.producerProperties(clientId("producer"), null),
                            new ByteArraySerializer(), new ByteArraySerializer()))), workers);
        }
        TransactionalProducerFactory<byte[], byte[]> factory = transactionalId -> new KafkaProducer<>(
                options.producerProperties("jetway-changelog-" + transactionalId, transactionalId),
                new ByteArraySerializer(), new ByteArraySerializer());
        RecoveryPlan plan = entries.isEmpty()
                ? RecoveryPlan.freshStart(options.transactionalIds(), context.processorIndex(),
                context.totalParallelism(), options.poolSize())
                : RecoveryPlan.restore(options.transactionalIds(), context.processorIndex(), context.totalParallelism(),
                options.poolSize(), RestoredPositions.previousExecution(entries), RestoredPositions.anchors(entries));
        generation = plan.generation();
        logger.info(where + ": " + plan);
        long startNs = System.nanoTime();
        AtomicLong recoveredNs = new AtomicLong();
        return new TransactionalStart<>(factory, resumer, where, logger)
                .probeThrough(admin, ADMIN_TIMEOUT_MS)
                .eachPoolProducer(producer -> topicReady.thenRunAsync(() -> producer.partitionsFor(options.topic()),
                        workers))
                .afterRecovery(outcomes -> {
                    recoveredNs.set(System.nanoTime());
                    recovered = true;
                })
                .run(plan, workers, closed)
                .thenAccept(started -> {
                    producers = ChangelogProducers.transactional(started.pool());
                    logger.info(where + ": transactions ready after " + millis(System.nanoTime() - startNs) + " ms "
                            + "(commits and fences " + millis(recoveredNs.get() - startNs) + " ms, pool of "
                            + plan.pool().size() + " ids)" + (started.outcomes().isEmpty() ? ""
                            : "; prepared transactions of the snapshot: " + started.outcomes()));
                });
    }

    // The processor thread sends: the first send of a producer must not wait for the topic's metadata.
    private <P extends Producer<byte[], byte[]>> P withTopicMetadata(P producer) {
        try {
            producer.partitionsFor(options.topic());
            return producer;
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
    }

    /**
     * A snapshot taken before the open completed: the restored positions, taken over by this execution once its
     * recovery is done. Saving them unchanged would be wrong: beside entries of processors already running, a
     * snapshot would hold two executions' entries, and a restore can commit and fence for one execution only.
     */
    SnapshotWhileOpening snapshotWhileOpening(long snapshotId, SnapshotWriter snapshot) {
        int restoredCount = positions.count();
        if (restoredCount == 0) {
            return SnapshotWhileOpening.WRITTEN;    // no positions: a restore from this snapshot starts empty too
        }
        if (!recovered || restoredCount != owned.partitions().length) {
            return SnapshotWhileOpening.NOT_YET;    // recovering, or about to fail the open on missing positions
        }
        int anchor = owned.anchor();
        for (int partition : owned.partitions()) {
            snapshot.write(partition, ChangelogSnapshotEntry.KEY, positions.get(partition).recoveredBy(snapshotId,
                    generation, context.processorIndex(), context.totalParallelism(), options.poolSize(),
                    partition == anchor));
        }
        return SnapshotWhileOpening.WRITTEN;
    }

    /**
     * Stops the open threads, waiting up to {@link #CLOSE_WAIT_MS}, then closes the producers started, ending no
     * transaction.
     *
     * @return whether the open threads stopped (else they may still use the off-heap maps)
     */
    boolean close() {
        boolean quiet = stop(coordinator) & stop(workers);
        ChangelogProducers p = producers;
        if (p != null) {
            p.close();
        }
        return quiet;
    }

    private boolean stop(ExecutorService executor) {
        if (executor == null) {
            return true;
        }
        executor.shutdownNow();
        try {
            return executor.awaitTermination(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // -1 where the snapshot has no entry (a fresh start: everywhere) or its job had written nothing
    private long[] baseOffsetsOf(List<ChangelogSnapshotEntry> entries) {
        long[] bases = new long[context.statePartitionCount()];
        Arrays.fill(bases, -1);
        for (ChangelogSnapshotEntry entry : entries) {
            bases[entry.statePartition()] = entry.baseOffset();
        }
        return bases;
    }

    private void checkNotClosed() {
        if (closed.getAsBoolean()) {
            throw new IllegalStateException(where + ": closed while opening");
        }
    }

    private String clientId(String role) {
        return options.clientId(context.processorIndex(), role);
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
