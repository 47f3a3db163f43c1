package io.jetway.state.changelog;

import com.hazelcast.logging.ILogger;
import io.jetway.kafka.common.txn.Futures;
import io.jetway.kafka.common.txn.KafkaFailures;
import io.jetway.kafka.common.txn.PreparedTransaction;
import io.jetway.kafka.common.txn.RecoveryPlan;
import io.jetway.kafka.common.txn.RecoveryPlan.PreviousExecution;
import io.jetway.kafka.common.txn.RecoveryPlan.WriterTransactions;
import io.jetway.kafka.common.txn.TransactionResumer;
import io.jetway.kafka.common.txn.TransactionalProducerFactory;
import io.jetway.kafka.common.txn.TransactionalProducerPool;
import io.jetway.kafka.common.txn.TransactionalStart;
import io.jetway.spi.state.KeyedStateStore;
import io.jetway.spi.state.SnapshotWhileOpening;
import io.jetway.spi.state.SnapshotWriter;
import io.jetway.spi.state.StateBackend;
import io.jetway.spi.state.StateBackendContext;
import io.jetway.state.changelog.ChangelogRestorer.PartitionRestore;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.ByteBufferDeserializer;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ObjLongConsumer;

/**
 * The {@code kafka-changelog} backend of one processor: an {@link OffHeapBytesMap} per owned state
 * partition, changes appended to the compacted changelog topic (changelog partition = state partition),
 * by default each changed key's newest value once per snapshot epoch ({@link WriteBehindBuffer}), and Jet
 * snapshots holding only positions ({@link ChangelogSnapshotEntry}).
 *
 * <h2>Exactly-once</h2>
 * Changes are written in a Kafka transaction per snapshot epoch from a {@link TransactionalProducerPool}.
 * Phase 1 sends the buffered changes, flushes, prepares the transaction (producer id and epoch read now)
 * and writes, per owned partition, the base and last offsets; the writer's lowest partition (its
 * <em>anchor</em>) also carries the prepared transactions. Changes made after phase 1 go to the next transaction. Phase 2 commits.
 *
 * <h2>Open</h2>
 * Off the processing thread: validate (or create) the topic; run the {@link RecoveryPlan} (commit the
 * restored anchors' transactions if still open, then fence every other id earlier executions may have
 * used) and start the pool, which fences its own ids; then either start empty, remembering the log end
 * offsets as this job's base (older records belong to an earlier job with the same name), or read every
 * owned partition {@code read_committed} from its base to the snapshot's last offset, all partitions at
 * once on {@code restore.threads} consumers ({@link ChangelogRestorer}), logging progress every 5 s.
 * <p>
 * Threads: the SPI calls come from the processor thread, the snapshot phases maybe from a thread of the
 * processor's own; open runs on a coordinator thread and worker threads of this backend; their results are
 * handed over through the completion of the open stage. {@link #collectMetrics} reads atomics and volatiles
 * only. {@link #close} frees the off-heap state only once no phase call runs: a phase thread that did not
 * stop in time frees it when its call returns.
 */
final class KafkaChangelogStateBackend<K, V> implements StateBackend<K, V> {

    private static final long CLOSE_WAIT_MS = 60_000;
    private static final long PROGRESS_LOG_MS = 5_000;
    private static final int CLOSED_BIT = 1 << 30;
    private static final long ADMIN_TIMEOUT_MS = 60_000;

    private final StateBackendContext<K, V> context;
    private final ChangelogOptions options;
    private final TransactionResumer resumer;
    private final ILogger logger;
    private final String where;
    private final int[] owned;
    private final boolean[] isOwned;
    private final ChangelogSnapshotEntry[] restored;
    private final OffHeapMemory memory = new OffHeapMemory();
    private final OffHeapBytesMap[] maps;
    private final RestoreProgress progress = new RestoreProgress();
    private final long maxBytesInFlight;

    // Written by the open threads, read by the processor thread once the open stage completed.
    private ChangelogStore<K, V>[] stores;
    private ChangelogWriter writer;
    private WriteBehindBuffer buffer;
    private ChangelogProducers producers;
    private long[] baseOffsets;
    private int generation;

    private ExecutorService coordinator;
    private ExecutorService workers;
    private CompletableFuture<Void> opening;
    private volatile boolean ready;
    // set once the previous execution's transactions are committed and its ids fenced (after generation is set)
    private volatile boolean recovered;
    // durations of the last snapshot phases, for metrics
    private volatile long lastPrepareMillis;
    private volatile long lastCommitMillis;
    private volatile boolean closed;
    // phase calls (prepareSnapshot, finishSnapshot) running now, plus CLOSED_BIT once close() ran
    private final AtomicInteger phaseCalls = new AtomicInteger();
    // written before CLOSED_BIT is set: whether the memory may be freed (the open threads stopped)
    private volatile boolean memoryFreeable;

    /** @param resumer the transaction resumer, {@code null} when the job is not exactly-once */
    @SuppressWarnings("unchecked")
    KafkaChangelogStateBackend(StateBackendContext<K, V> context, ChangelogOptions options, TransactionResumer resumer) {
        this.context = context;
        this.options = options;
        this.resumer = resumer;
        this.logger = context.logger();
        this.where = "kafka-changelog state of job '" + context.jobName() + "' vertex '" + context.vertexName()
                + "' processor " + context.processorIndex() + "/" + context.totalParallelism();
        int count = context.statePartitionCount();
        this.owned = context.ownedStatePartitions().clone();
        this.isOwned = new boolean[count];
        this.restored = new ChangelogSnapshotEntry[count];
        this.maps = new OffHeapBytesMap[count];
        this.stores = new ChangelogStore[count];
        this.maxBytesInFlight = ChangelogWriter.maxBytesInFlight(options.producerBufferMemory(),
                options.producerBatchSize(), owned.length);
        for (int partition : owned) {
            if (partition < 0 || partition >= count) {
                throw new IllegalArgumentException(where + ": owned state partition " + partition + " is not in [0, "
                        + count + ")");
            }
            isOwned[partition] = true;
            maps[partition] = new OffHeapBytesMap(memory);
        }
    }

    @Override
    public void restoreEntry(int statePartition, Object key, Object value) {
        if (opening != null) {
            throw new IllegalStateException(where + ": snapshot entry after open()");
        }
        if (!ChangelogSnapshotEntry.KEY.equals(key) || !(value instanceof ChangelogSnapshotEntry)) {
            throw new IllegalArgumentException(where + ": not a kafka-changelog snapshot entry: " + key + " -> "
                    + value + ". Was the snapshot taken with another state backend?");
        }
        ChangelogSnapshotEntry entry = (ChangelogSnapshotEntry) value;
        checkOwned(statePartition);
        if (entry.statePartition() != statePartition) {
            throw new IllegalArgumentException(where + ": snapshot entry " + entry + " does not fit state partition "
                    + statePartition);
        }
        ChangelogSnapshotEntry previous = restored[statePartition];
        if (previous != null && !previous.equals(entry)) {
            throw new IllegalStateException(where + ": two snapshot entries for state partition " + statePartition
                    + ": " + previous + " and " + entry);
        }
        restored[statePartition] = entry;
    }

    @Override
    public CompletionStage<Void> open(boolean restoring) {
        if (opening != null) {
            throw new IllegalStateException(where + ": open() called twice");
        }
        if (closed) {
            throw new IllegalStateException(where + ": closed");
        }
        String threadPrefix = "jetway-changelog-" + context.vertexName() + "-" + context.processorIndex();
        coordinator = Executors.newSingleThreadExecutor(daemonThreads(threadPrefix + "-open"));
        workers = Executors.newFixedThreadPool(options.restoreThreads(), daemonThreads(threadPrefix + "-worker"));
        opening = CompletableFuture.runAsync(() -> {
            try {
                openBlocking(restoring);
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
        return opening.copy();
    }

    private void openBlocking(boolean restoring) throws Exception {
        long startNs = System.nanoTime();
        if (owned.length == 0) {
            logger.fine(where + " owns no state partition: nothing to open");
            ready = true;
            return;
        }
        List<ChangelogSnapshotEntry> entries = restoredEntries(restoring);
        boolean fromSnapshot = !entries.isEmpty();
        logger.info(where + ": opening state partitions " + describe(owned) + " of changelog '" + options.topic()
                + "', " + (fromSnapshot ? "restoring snapshot " + entries.get(0).snapshotId()
                : restoring ? "restoring a snapshot without changelog positions: starting empty" : "starting empty")
                + (context.exactlyOnce() ? ", exactly-once" : ", at-least-once") + "; Kafka client properties "
                + options.redactedClientProperties());
        long topicNs;
        long producersNs;
        long offsetsNs;
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
            baseOffsets = fromSnapshot ? baseOffsetsOf(entries) : logEndOffsets(admin);
            offsetsNs = System.nanoTime();
        }
        long[] lastOffsets = new long[context.statePartitionCount()];
        Arrays.fill(lastOffsets, -1);
        for (ChangelogSnapshotEntry entry : entries) {
            lastOffsets[entry.statePartition()] = entry.lastOffset();
        }
        if (fromSnapshot) {
            restore(entries);
        }
        writer = new ChangelogWriter(options.topic(), where, options.transactionTimeoutMs(), producers, lastOffsets,
                maxBytesInFlight);
        // also with write.buffer.keys=0: it holds what the producer has no room for yet, so no send blocks
        buffer = new WriteBehindBuffer(writer, maps, owned, memory, options.writeBufferKeys());
        ChangeRecorder changes = buffer;
        OffHeapBytesMap.Scratch keyScratch = new OffHeapBytesMap.Scratch();
        OffHeapBytesMap.Scratch valueScratch = new OffHeapBytesMap.Scratch();
        for (int partition : owned) {
            stores[partition] = new ChangelogStore<>(partition, maps[partition], context.keySerde(),
                    context.valueSerde(), changes, keyScratch, valueScratch);
        }
        ready = true;
        long endNs = System.nanoTime();
        logger.info(where + ": open after " + millis(endNs - startNs) + " ms (topic check " + millis(topicNs - startNs)
                + " ms, then transactions " + millis(producersNs - topicNs) + " ms more, base offsets "
                + millis(offsetsNs - producersNs) + " ms, restore " + millis(endNs - offsetsNs) + " ms)"
                + (fromSnapshot ? "; restore: " + progress : "") + "; " + entryCount() + " keys, "
                + memory.reservedBytes() + " bytes off-heap");
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
                options.poolSize(), previousExecution(entries), anchors(entries));
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
                .run(plan, workers, () -> closed)
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

    private void restore(List<ChangelogSnapshotEntry> entries) throws InterruptedException, ExecutionException {
        List<PartitionRestore> partitions = new ArrayList<>();
        long offsets = 0;
        for (ChangelogSnapshotEntry entry : entries) {
            int partition = entry.statePartition();
            if (entry.lastOffset() < baseOffsets[partition] && entry.ranges().isEmpty()) {
                continue;   // this job wrote nothing there before the snapshot: nothing to read or to verify
            }
            partitions.add(new PartitionRestore(partition, baseOffsets[partition], entry.lastOffset(), entry.ranges(),
                    maps[partition]));
            offsets += Math.max(0, entry.lastOffset() + 1 - baseOffsets[partition]);
        }
        progress.start(partitions.size(), offsets);
        if (partitions.isEmpty()) {
            progress.finish();
            return;
        }
        int consumers = Math.min(options.restoreThreads(), partitions.size());
        List<List<PartitionRestore>> groups = new ArrayList<>();
        for (int i = 0; i < consumers; i++) {
            groups.add(new ArrayList<>());
        }
        for (int i = 0; i < partitions.size(); i++) {
            groups.get(i % consumers).add(partitions.get(i));
        }
        List<CompletableFuture<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < consumers; i++) {
            List<PartitionRestore> group = groups.get(i);
            String clientId = clientId("restore-" + i);
            tasks.add(CompletableFuture.runAsync(() -> newRestorer().restore(newConsumer(clientId), group), workers));
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(tasks.toArray(CompletableFuture[]::new));
        while (true) {
            try {
                all.get(PROGRESS_LOG_MS, TimeUnit.MILLISECONDS);
                break;
            } catch (TimeoutException e) {
                logger.info(where + ": restoring changelog '" + options.topic() + "': " + progress);
            }
        }
        IllegalStateException notCommitted = ChangelogRestorer.notCommitted(options.topic(), partitions,
                options.transactionTimeoutMs());
        if (notCommitted != null) {
            throw notCommitted;
        }
        progress.finish();
    }

    private ChangelogRestorer newRestorer() {
        return new ChangelogRestorer(options.topic(), context.exactlyOnce(), options.restoreStallTimeoutMs(),
                options.transactionTimeoutMs(), progress, () -> closed, options.restoreHangingCheckMs(),
                new HangingTransactionCheck(options.adminProperties(clientId("restore-check")), context.logger()));
    }

    private KafkaConsumer<ByteBuffer, ByteBuffer> newConsumer(String clientId) {
        return new KafkaConsumer<>(options.consumerProperties(clientId, context.exactlyOnce()),
                new ByteBufferDeserializer(), new ByteBufferDeserializer());
    }

    @Override
    public KeyedStateStore<K, V> store(int statePartition) {
        if (!ready) {
            throw new IllegalStateException(where + ": store(" + statePartition + ") before open completed");
        }
        checkOwned(statePartition);
        return stores[statePartition];
    }

    @Override
    public void prepareSnapshot(long snapshotId, SnapshotWriter snapshot) {
        if (owned.length == 0) {
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
     * done. Saving them unchanged would be wrong: beside entries of processors already running, a snapshot
     * would hold two executions' entries, and a restore can commit and fence for one execution only.
     */
    @Override
    public SnapshotWhileOpening prepareSnapshotWhileOpening(long snapshotId, SnapshotWriter snapshot) {
        int restoredCount = 0;
        for (int partition : owned) {
            restoredCount += restored[partition] == null ? 0 : 1;
        }
        if (restoredCount == 0) {
            return SnapshotWhileOpening.WRITTEN;    // no positions: a restore from this snapshot starts empty too
        }
        if (!recovered || restoredCount != owned.length) {
            return SnapshotWhileOpening.NOT_YET;    // recovering, or about to fail the open on missing positions
        }
        int anchor = owned[0];
        for (int partition : owned) {
            snapshot.write(partition, ChangelogSnapshotEntry.KEY, restored[partition].recoveredBy(snapshotId,
                    generation, context.processorIndex(), context.totalParallelism(), options.poolSize(),
                    partition == anchor));
        }
        return SnapshotWhileOpening.WRITTEN;
    }

    private void prepare(long snapshotId, SnapshotWriter snapshot) {
        if (!ready) {
            throw new IllegalStateException(where + ": prepareSnapshot before open completed");
        }
        long startNs = System.nanoTime();
        if (buffer != null) {
            buffer.flush();
        }
        List<PreparedTransaction> prepared = writer.prepare(snapshotId);
        lastPrepareMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
        int anchor = owned[0];
        for (int partition : owned) {
            snapshot.write(partition, ChangelogSnapshotEntry.KEY, new ChangelogSnapshotEntry(
                    options.topic(), partition, snapshotId, generation,
                    context.processorIndex(), context.totalParallelism(), options.poolSize(), baseOffsets[partition],
                    writer.lastOffset(partition), partition == anchor, partition == anchor ? prepared : List.of(),
                    writer.ranges(partition)));
        }
    }

    @Override
    public void finishSnapshot(long snapshotId, boolean success) {
        if (success && ready && writer != null) {
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
        metrics.accept("changelog.offHeapBytes", memory.reservedBytes());
        metrics.accept("changelog.keys", entryCount());
        ChangelogWriter w = ready ? writer : null;
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
        boolean quiet = stop(coordinator) & stop(workers);
        ChangelogProducers p = producers;
        if (p != null) {
            p.close();
        }
        memoryFreeable = quiet;
        // from now on no phase call enters; one still inside frees the memory when it returns (exitPhase)
        int phasesRunning = phaseCalls.getAndAdd(CLOSED_BIT);
        if (!quiet) {
            logger.severe(where + ": the open threads did not stop within " + CLOSE_WAIT_MS + " ms; leaving "
                    + memory.reservedBytes() + " bytes of off-heap state allocated rather than free memory in use");
            return;
        }
        if (phasesRunning != 0) {
            logger.warning(where + ": a snapshot phase still runs on another thread at close(); its "
                    + memory.reservedBytes() + " bytes of off-heap state are freed when it returns, not now");
            return;
        }
        freeMemory();
    }

    private void freeMemory() {
        for (int partition : owned) {
            maps[partition].close();
        }
        WriteBehindBuffer b = buffer;
        if (b != null) {
            b.close();
        }
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

    /** The entries of the owned partitions when restoring, validated; empty for a fresh start. */
    private List<ChangelogSnapshotEntry> restoredEntries(boolean restoring) {
        List<ChangelogSnapshotEntry> entries = new ArrayList<>();
        List<Integer> missing = new ArrayList<>();
        for (int partition : owned) {
            if (restored[partition] != null) {
                entries.add(restored[partition]);
            } else {
                missing.add(partition);
            }
        }
        if (entries.isEmpty()) {
            return entries;
        }
        if (!restoring) {
            throw new IllegalStateException(where + ": snapshot entries given, but open(false) asks for a fresh start");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException(where + ": the snapshot has changelog positions for some owned state "
                    + "partitions but not for " + missing + ": it was not written by this job's kafka-changelog "
                    + "backend");
        }
        ChangelogSnapshotEntry first = entries.get(0);
        for (ChangelogSnapshotEntry entry : entries) {
            if (!entry.topic().equals(options.topic())) {
                throw new IllegalStateException(where + ": the snapshot was taken with changelog topic '"
                        + entry.topic() + "' but option 'topic' names '" + options.topic() + "': a job's changelog "
                        + "topic cannot change");
            }
            if (entry.generation() != first.generation() || entry.writerParallelism() != first.writerParallelism()
                    || entry.writerPoolSize() != first.writerPoolSize()) {
                throw new IllegalStateException(where + ": snapshot entries of different executions: " + first
                        + " and " + entry);
            }
        }
        return entries;
    }

    private static PreviousExecution previousExecution(List<ChangelogSnapshotEntry> entries) {
        ChangelogSnapshotEntry first = entries.get(0);
        return new PreviousExecution(first.generation(), first.writerParallelism(), first.writerPoolSize());
    }

    private static List<WriterTransactions> anchors(List<ChangelogSnapshotEntry> entries) {
        List<WriterTransactions> anchors = new ArrayList<>();
        for (ChangelogSnapshotEntry entry : entries) {
            if (entry.anchor()) {
                anchors.add(new WriterTransactions(entry.writerIndex(), entry.prepared()));
            }
        }
        return anchors;
    }

    private long[] baseOffsetsOf(List<ChangelogSnapshotEntry> entries) {
        long[] bases = new long[context.statePartitionCount()];
        for (ChangelogSnapshotEntry entry : entries) {
            bases[entry.statePartition()] = entry.baseOffset();
        }
        return bases;
    }

    // The log end offsets, after the fences: this job's records start there.
    private long[] logEndOffsets(Admin admin) throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int partition : owned) {
            request.put(new TopicPartition(options.topic(), partition), OffsetSpec.latest());
        }
        Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(request).all().get(60, TimeUnit.SECONDS);
        long[] bases = new long[context.statePartitionCount()];
        ends.forEach((tp, info) -> bases[tp.partition()] = info.offset());
        return bases;
    }

    private long entryCount() {
        long keys = 0;
        for (int partition : owned) {
            keys += maps[partition].size();
        }
        return keys;
    }

    private void checkOwned(int statePartition) {
        if (statePartition < 0 || statePartition >= isOwned.length || !isOwned[statePartition]) {
            throw new IllegalArgumentException(where + " does not own state partition " + statePartition
                    + "; it owns " + describe(owned));
        }
    }

    private void checkNotClosed() {
        if (closed) {
            throw new IllegalStateException(where + ": closed while opening");
        }
    }

    private String clientId(String role) {
        return "jetway-changelog-" + options.transactionalIds().prefix() + "-" + context.processorIndex() + "-" + role;
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private static String describe(int[] partitions) {
        return partitions.length <= 16 ? Arrays.toString(partitions)
                : partitions.length + " partitions " + partitions[0] + ".." + partitions[partitions.length - 1];
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
