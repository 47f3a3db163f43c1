package io.jetway.internal.kafka.sink;

import com.hazelcast.jet.JetException;
import com.hazelcast.jet.RestartableException;
import com.hazelcast.logging.ILogger;
import io.jetway.kafka.common.txn.Futures;
import io.jetway.kafka.common.txn.HangingTransactionWatch;
import io.jetway.kafka.common.txn.PreparedTransaction;
import io.jetway.kafka.common.txn.RecoveryPlan;
import io.jetway.kafka.common.txn.RecoveryPlan.PreviousExecution;
import io.jetway.kafka.common.txn.RecoveryPlan.WriterTransactions;
import io.jetway.kafka.common.txn.TransactionRecovery.CommitOutcome;
import io.jetway.kafka.common.txn.TransactionResumer;
import io.jetway.kafka.common.txn.TransactionTakeover;
import io.jetway.kafka.common.txn.TransactionalIdScheme;
import io.jetway.kafka.common.txn.TransactionalProducerPool;
import io.jetway.kafka.common.txn.TransactionalStart;
import io.jetway.kafka.common.txn.TransactionalStart.Started;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Producer;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Exactly-once: records go to the open transaction of a {@link TransactionalProducerPool}; phase 1 flushes
 * and prepares it (producer id and epoch read now, one acknowledged record kept as its witness) and records
 * every prepared, uncommitted transaction in the snapshot; the next record opens a transaction on another id;
 * phase 2 of a successful snapshot commits.
 *
 * <h2>Start</h2>
 * At the first {@link #ready()} call, off the processing thread, a {@link TransactionalStart}: run the
 * {@link RecoveryPlan} (fresh start, or restore of the entries given to {@link #restore}), i.e. commit the
 * restored transactions of the writers this processor is the anchor of
 * ({@code writerIndex % parallelism == processorIndex}) if still open, then fence every other id an earlier
 * execution may have used; read the witnesses of those found no longer open ({@link WitnessVerifier});
 * meanwhile start the pool, whose ids are disjoint from the plan's. {@code ready()} is false until all that
 * is done, so the processor takes no item and Jet's snapshot waits.
 *
 * <h2>Timeouts</h2>
 * The age of a transaction is measured from its first record. At phase 1, when the open transaction or one
 * that a failed snapshot left prepared is older than half of {@code transaction.timeout.ms}, nothing is
 * prepared ({@link TransactionalProducerPool#checkTransactionAge}): the job restarts from the previous
 * snapshot (no loss) rather than risk the broker aborting it before phase 2. A prepared transaction that the broker
 * aborted anyway fails the job (phase 2, or the witness read of the restarted job), loudly.
 *
 * <h2>Hanging transactions</h2>
 * Processor 0 watches the output topic for transactions of this sink's ids that a partition holds open
 * although no coordinator will end them ({@link HangingTransactionWatch}); phase 2 then fails the job with
 * what hangs and what to do, instead of running on while every read_committed reader of the output is stuck.
 */
final class TransactionalDelivery implements SinkDelivery {

    private static final int START_THREADS = 4;
    private static final Duration HANGING_WATCH_INTERVAL = Duration.ofSeconds(30);
    private static final Duration TAKEOVER_CHECK_TIMEOUT = Duration.ofSeconds(5);

    private final SinkSetup setup;
    private final TransactionResumer resumer;
    private final SendTracker tracker;
    private final ILogger logger;
    private final String where;
    private final long timeoutMs;
    private final List<SinkSnapshotEntry> restored = new ArrayList<>();
    // prepared and not committed, by the transaction the pool reports, oldest first
    private final Map<PreparedTransaction, SinkTransaction> pending = new LinkedHashMap<>();

    private ExecutorService startThreads;
    private long startNs;
    private CompletableFuture<TransactionalProducerPool<ByteBuffer, ByteBuffer>> starting;
    private TransactionalProducerPool<ByteBuffer, ByteBuffer> pool;
    private int generation;
    private long epoch;
    private long openedAtNs;
    private long openedAtMillis;
    private long openRecords;
    private String openTransactionalId;
    private volatile boolean closed;
    private HangingTransactionWatch hangingWatch;

    TransactionalDelivery(SinkSetup setup, TransactionResumer resumer, SendTracker tracker) {
        this.setup = setup;
        this.resumer = resumer;
        this.tracker = tracker;
        this.logger = setup.logger();
        this.where = setup.where();
        this.timeoutMs = setup.config().transactionTimeoutMs();
    }

    @Override
    public void restore(SinkSnapshotEntry entry) {
        if (starting != null) {
            throw new IllegalStateException(where + ": snapshot entry after start");
        }
        restored.add(entry);
    }

    @Override
    public void finishRestore() {
        // the start (and its recovery plan) waits for the first ready() call
    }

    @Override
    public boolean ready() {
        if (pool != null) {
            return true;
        }
        if (starting == null) {
            startNs = System.nanoTime();
            starting = start();
        }
        if (!starting.isDone()) {
            return false;
        }
        try {
            pool = Futures.join(starting);
        } catch (RuntimeException e) {
            throw SinkErrors.startFailure(where, e);
        } finally {
            startThreads.shutdown();
        }
        if (setup.processorIndex() == 0 && setup.config().topic() != null) {
            hangingWatch = HangingTransactionWatch.start(SinkClients.admin(setup.config(), setup.threadPrefix()
                            + "-hanging-watch"), List.of(setup.config().topic()), setup.transactionalIds().prefix(),
                    setup.config().producerProperties().get("bootstrap.servers"), HANGING_WATCH_INTERVAL, where, logger);
        }
        logger.info(where + ": transactions ready after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs)
                + " ms, transactional ids " + pool.transactionalIds());
        return true;
    }

    private CompletableFuture<TransactionalProducerPool<ByteBuffer, ByteBuffer>> start() {
        RecoveryPlan plan = plan();
        generation = plan.generation();
        logger.info(where + ": " + plan + ", transaction.timeout.ms=" + timeoutMs);
        startThreads = Executors.newFixedThreadPool(START_THREADS, daemonThreads(setup.threadPrefix() + "-start"));
        return new TransactionalStart<ByteBuffer, ByteBuffer>(setup::newTransactionalProducer, resumer, where, logger)
                .probeThroughOwnAdmin(() -> Admin.create(SinkClients.admin(setup.config(),
                        setup.threadPrefix() + "-fence-admin")), setup.config().startupTimeoutMs())
                .afterRecovery(outcomes -> {
                    if (!outcomes.isEmpty()) {
                        logger.info(where + ": restored transactions " + plan.toCommit() + ": " + outcomes);
                    }
                    setup.newWitnessVerifier().verify(notOpen(plan, outcomes), () -> closed);
                })
                .run(plan, startThreads, () -> closed)
                .thenApply(Started::pool);
    }

    private RecoveryPlan plan() {
        TransactionalIdScheme ids = setup.transactionalIds();
        int index = setup.processorIndex();
        int parallelism = setup.parallelism();
        int poolSize = setup.config().transactionalIdPoolSize();
        if (restored.isEmpty()) {
            return RecoveryPlan.freshStart(ids, index, parallelism, poolSize);
        }
        SinkSnapshotEntry first = restored.get(0);
        Map<Integer, SinkSnapshotEntry> byWriter = new HashMap<>();
        for (SinkSnapshotEntry entry : restored) {
            if (entry.generation() != first.generation() || entry.writerParallelism() != first.writerParallelism()
                    || entry.writerPoolSize() != first.writerPoolSize()) {
                throw new JetException(where + ": snapshot entries of different executions: " + first + " and "
                        + entry);
            }
            byWriter.put(entry.writerIndex(), entry);
            epoch = Math.max(epoch, entry.epoch());
        }
        if (byWriter.size() != first.writerParallelism()) {
            throw new JetException(where + ": the snapshot holds entries of writers " + byWriter.keySet() + " but was "
                    + "written by " + first.writerParallelism() + " sink processors: it is incomplete");
        }
        List<WriterTransactions> anchors = new ArrayList<>();
        for (SinkSnapshotEntry entry : byWriter.values()) {
            if (entry.writerIndex() % parallelism == index) {
                List<PreparedTransaction> prepared = new ArrayList<>();
                for (SinkTransaction transaction : entry.prepared()) {
                    prepared.add(transaction.transaction());
                }
                anchors.add(new WriterTransactions(entry.writerIndex(), prepared));
            }
        }
        return RecoveryPlan.restore(ids, index, parallelism, poolSize, new PreviousExecution(first.generation(),
                first.writerParallelism(), first.writerPoolSize()), anchors);
    }

    /**
     * The restored transactions that recovery found no longer open: committed before the restart (the usual
     * case) or aborted by the broker, which only their witnesses tell. A {@code COMMITTED} outcome needs no
     * check: the coordinator accepted the commit of that very producer id and epoch.
     */
    private List<SinkTransaction> notOpen(RecoveryPlan plan, List<CommitOutcome> outcomes) {
        Map<PreparedTransaction, SinkTransaction> all = new HashMap<>();
        for (SinkSnapshotEntry entry : restored) {
            for (SinkTransaction transaction : entry.prepared()) {
                all.put(transaction.transaction(), transaction);
            }
        }
        List<SinkTransaction> verify = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i) == CommitOutcome.NOT_OPEN) {
                verify.add(all.get(plan.toCommit().get(i)));
            }
        }
        return verify;
    }

    @Override
    public Producer<ByteBuffer, ByteBuffer> producer() {
        if (openTransactionalId == null) {
            try {
                Producer<ByteBuffer, ByteBuffer> producer = pool.producer();
                openedAtNs = System.nanoTime();
                openedAtMillis = System.currentTimeMillis();
                openTransactionalId = resumer.currentTransaction(producer).transactionalId();
                openRecords = 1;
                return producer;
            } catch (IllegalStateException e) {
                // every id holds a transaction of a snapshot that did not succeed (yet)
                throw new RestartableException(where + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw failure("opening a transaction", e);
            }
        }
        openRecords++;
        return pool.producer();
    }

    @Override
    public void checkSendFailure() {
        SendFailure failure = tracker.firstFailure();
        if (failure != null) {
            throw SinkErrors.openTransactionFailure(where, "sending " + failure.describe(), failure.error(),
                    openTransactionalId, openAgeMs(), timeoutMs);
        }
    }

    @Override
    public RuntimeException failure(String what, RuntimeException error) {
        SendFailure failure = tracker.firstFailure();
        Throwable cause = failure != null ? failure.error() : error;
        String described = failure != null ? what + " (first failure: " + failure.describe() + ")" : what;
        return SinkErrors.openTransactionFailure(where, described, cause, openTransactionalId, openAgeMs(), timeoutMs);
    }

    @Override
    public SinkSnapshotEntry prepare() {
        boolean open = openTransactionalId != null;
        if (open) {
            try {
                pool.flush();
            } catch (RuntimeException e) {
                throw failure("flushing the open transaction at a snapshot", e);
            }
            checkSendFailure();
        }
        // the open transaction, or one a failed snapshot left prepared, could time out before phase 2
        pool.checkTransactionAge(timeoutMs, where, "raise KafkaSinkConfig.transactionTimeout");
        long snapshotEpoch = ++epoch;
        List<PreparedTransaction> prepared;
        try {
            prepared = pool.prepare(snapshotEpoch);
        } catch (RuntimeException e) {
            throw failure("preparing the open transaction", e);
        }
        if (open) {
            CommitWitness witness = tracker.takeWitness();
            if (witness == null) {
                throw new IllegalStateException(where + ": no acknowledged record in the transaction of '"
                        + openTransactionalId + "'");
            }
            for (PreparedTransaction transaction : prepared) {
                pending.computeIfAbsent(transaction, t -> new SinkTransaction(t, witness, openedAtMillis, openRecords));
            }
            openTransactionalId = null;
        }
        List<SinkTransaction> entries = new ArrayList<>(prepared.size());
        for (PreparedTransaction transaction : prepared) {
            entries.add(pending.get(transaction));
        }
        return new SinkSnapshotEntry(setup.processorIndex(), setup.parallelism(),
                setup.config().transactionalIdPoolSize(), generation, snapshotEpoch, entries);
    }

    @Override
    public void commit(boolean success) {
        String hanging = hangingWatch == null ? null : hangingWatch.failure();
        if (hanging != null) {
            throw new JetException(where + ": the job stops rather than run on while readers of its output are stuck: "
                    + hanging);
        }
        if (!success || pool == null) {
            return;
        }
        try {
            pool.commit(epoch);
        } catch (RuntimeException e) {
            long oldest = Long.MAX_VALUE;
            for (SinkTransaction transaction : pending.values()) {
                oldest = Math.min(oldest, transaction.openedAtMillis());
            }
            long oldestAgeMs = oldest == Long.MAX_VALUE ? -1 : System.currentTimeMillis() - oldest;
            long records = 0;
            List<String> ids = new ArrayList<>();
            for (SinkTransaction transaction : pending.values()) {
                records += transaction.records();
                ids.add(transaction.transaction().transactionalId());
            }
            String transactionalIds = String.join("', '", ids);
            String takeover = takeoverOfPending(e, oldestAgeMs);
            if (takeover != null) {
                throw SinkErrors.fenced(where, transactionalIds, new JetException(takeover + "; the commit failed "
                        + "with " + e, e));
            }
            throw SinkErrors.commitFailure(where, pending.values().toString(), transactionalIds, records, epoch, e,
                    oldestAgeMs, timeoutMs);
        }
        if (!pending.isEmpty()) {
            setup.metrics().committed(pending.size());
            pending.keySet().retainAll(pool.pending());
        }
    }

    /**
     * When a commit failed with an error that may hide a fence ({@link SinkErrors#mayHideTakeover}), whether
     * the coordinator shows another producer took over one of the pending transactions' ids: a commit that
     * races another producer's {@code initTransactions()} can get the broker's unexpected server error or an
     * invalid-state error instead of a fence error ({@link TransactionTakeover}). Null when it does not, or
     * when the coordinator cannot tell.
     */
    private String takeoverOfPending(RuntimeException error, long oldestAgeMs) {
        if (!SinkErrors.mayHideTakeover(error, oldestAgeMs, timeoutMs) || pending.isEmpty()) {
            return null;
        }
        Admin admin = null;
        try {
            admin = Admin.create(SinkClients.admin(setup.config(), setup.threadPrefix() + "-takeover-check"));
            for (PreparedTransaction transaction : pending.keySet()) {
                Optional<String> takeover = TransactionTakeover.check(admin, transaction, TAKEOVER_CHECK_TIMEOUT);
                if (takeover.isPresent()) {
                    return takeover.get();
                }
            }
        } catch (RuntimeException e) {
            logger.warning(where + ": cannot ask the transaction coordinator why the commit failed: " + e);
        } finally {
            if (admin != null) {
                admin.close(Duration.ZERO);     // abandons a look-up still under way: the job fails now
            }
        }
        return null;
    }

    @Override
    public void complete() {
        prepare();
        commit(true);
    }

    @Override
    public void close() {
        closed = true;
        if (hangingWatch != null) {
            hangingWatch.close();
        }
        if (startThreads != null) {
            startThreads.shutdownNow();
        }
        if (pool != null) {
            pool.close();
        } else if (starting != null) {
            starting.thenAccept(TransactionalProducerPool::close);
        }
    }

    private long openAgeMs() {
        return openTransactionalId == null ? -1 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - openedAtNs);
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
