package io.jetway.kafka.common.txn;

import com.hazelcast.logging.ILogger;
import com.hazelcast.logging.Logger;
import io.jetway.kafka.common.txn.RecoveryPlan.PreviousExecution;
import io.jetway.kafka.common.txn.RecoveryPlan.WriterTransactions;
import io.jetway.kafka.common.txn.TransactionRecovery.CommitOutcome;
import io.jetway.kafka.common.txn.TransactionalStart.Started;
import io.jetway.testing.KafkaBroker;
import io.jetway.testing.KafkaExtension;
import io.jetway.testing.KafkaTestData;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link TransactionalStart} against a real broker: the sequence the sink and the changelog backend share
 * (recovery beside the pool's start, the probe, the hooks), and that it never leaves a started pool open
 * when it fails or its owner closed meanwhile.
 */
class TransactionalStartTest {

    @RegisterExtension
    static final KafkaExtension KAFKA = KafkaExtension.shared();

    private static final ILogger LOGGER = Logger.getLogger(TransactionalStartTest.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final List<AutoCloseable> toClose = new ArrayList<>();
    // the transactional ids of the tracked producers closed (in the order they were), and of those initialised
    private final List<String> closed = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> initialised = Collections.synchronizedSet(new LinkedHashSet<>());
    private String topic;
    private TransactionalIdScheme ids;

    @BeforeEach
    void createTopic() {
        topic = KafkaTestData.uniqueTopic("txn-start");
        broker().createTopic(topic, 2);
        ids = new TransactionalIdScheme(topic);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
        executor.shutdownNow();
        assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    /**
     * A fresh start hands over a pool on the plan's ids that writes and commits, and aborts the transaction
     * an earlier incarnation of the job left open on one of the ids it probes.
     */
    @Test
    void shouldStartFreshAndAbortWhatAnEarlierIncarnationLeftOpen() {
        // writer 1 of an earlier incarnation with parallelism 2; processor 0 of 1 probes indexes 0 and 1
        TransactionalProducerPool<byte[], byte[]> crashed = oldPool(1, 0);
        send(crashed, 0, "left-open");
        crashed.producer().flush();
        crashed.close();
        await("the crashed writer's transaction listed as ongoing").atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(openTransactions()).hasSize(1));
        RecoveryPlan plan = RecoveryPlan.freshStart(ids, 0, 1, 2);

        Started<byte[], byte[]> started = join(start().probeThrough(broker().admin(), 30_000)
                                                      .run(plan, executor, () -> false));

        assertThat(started.outcomes()).isEmpty();
        assertThat(started.pool().transactionalIds()).isEqualTo(plan.pool());
        assertNoOpenTransaction();
        send(started.pool(), 1, "fresh");
        started.pool().prepare(1);
        started.pool().commit(1);
        assertThat(committedValues()).containsExactly("fresh");
    }

    /**
     * A restore commits the transaction the snapshot recorded as prepared, aborts what the crashed writer wrote
     * after phase 1, and tells the after-recovery hook before the pool is handed over.
     */
    @Test
    void shouldCommitThePreparedTransactionOfARestoreAndFenceTheRest() {
        TransactionalProducerPool<byte[], byte[]> crashed = oldPool(0, 0);
        send(crashed, 0, "prepared");
        List<PreparedTransaction> prepared = crashed.prepare(1);
        send(crashed, 1, "after-phase-1");
        crashed.producer().flush();
        crashed.close();
        RecoveryPlan plan = RecoveryPlan.restore(ids, 0, 1, 2, new PreviousExecution(0, 1, 2),
                List.of(new WriterTransactions(0, prepared)));
        AtomicReference<List<CommitOutcome>> seenAfterRecovery = new AtomicReference<>();

        Started<byte[], byte[]> started = join(start().afterRecovery(seenAfterRecovery::set)
                                                      .run(plan, executor, () -> false));

        assertThat(started.outcomes()).containsExactly(CommitOutcome.COMMITTED);
        assertThat(seenAfterRecovery.get()).isEqualTo(started.outcomes());
        assertThat(started.pool().transactionalIds()).isEqualTo(plan.pool()).doesNotContainAnyElementsOf(
                ids.pool(0, 0, 2));
        assertThat(committedValues()).containsExactly("prepared");
        assertNoOpenTransaction();
    }

    /** Recovery fails (fencing is not allowed): the start fails with that, and every pool producer is closed. */
    @Test
    void shouldCloseThePoolWhenRecoveryFails() {
        RecoveryPlan plan = RecoveryPlan.freshStart(ids, 0, 1, 2);
        TransactionalStart<byte[], byte[]> start = new TransactionalStart<>(id -> plan.pool().contains(id)
                ? tracked(id) : notAuthorized(id), ReflectiveTransactionResumer.instance(), "start test", LOGGER);

        CompletableFuture<Started<byte[], byte[]>> starting = start.run(plan, executor, () -> false);

        assertThatThrownBy(() -> join(starting)).isInstanceOf(IllegalStateException.class)
                                                .hasMessageContaining("Cannot fence transactional id")
                                                .hasMessageContaining("needs WRITE and DESCRIBE");
        assertThat(closedPoolProducers(plan)).containsExactlyInAnyOrderElementsOf(plan.pool());
    }

    /** The after-recovery check fails (the sink's witness of an aborted transaction): the pool is closed. */
    @Test
    void shouldCloseThePoolWhenTheAfterRecoveryCheckFails() {
        RecoveryPlan plan = RecoveryPlan.freshStart(ids, 0, 1, 2);

        CompletableFuture<Started<byte[], byte[]>> starting = start().afterRecovery(outcomes -> {
            throw new IllegalStateException("a restored transaction was aborted");
        }).run(plan, executor, () -> false);

        assertThatThrownBy(() -> join(starting)).hasMessage("a restored transaction was aborted");
        assertThat(closedPoolProducers(plan)).containsExactlyInAnyOrderElementsOf(plan.pool());
    }

    /** The owner closes while the start runs: the pool started meanwhile is closed, not handed over. */
    @Test
    void shouldCloseThePoolWhenTheOwnerClosedWhileStarting() {
        RecoveryPlan plan = RecoveryPlan.freshStart(ids, 0, 1, 2);
        AtomicBoolean ownerClosed = new AtomicBoolean();

        CompletableFuture<Started<byte[], byte[]>> starting = start().afterRecovery(outcomes -> ownerClosed.set(true))
                                                                     .run(plan, executor, ownerClosed::get);

        assertThatThrownBy(() -> join(starting)).isInstanceOf(IllegalStateException.class)
                                                .hasMessage("start test: closed while starting");
        assertThat(closedPoolProducers(plan)).containsExactlyInAnyOrderElementsOf(plan.pool());
    }

    /** The pool is handed over only once every pool producer's stage completed (the changelog's metadata read). */
    @Test
    void shouldHandOverThePoolOnlyOnceEachPoolProducerIsReady() {
        RecoveryPlan plan = RecoveryPlan.freshStart(ids, 0, 1, 2);
        CompletableFuture<Void> gate = new CompletableFuture<>();
        List<Producer<byte[], byte[]>> waiting = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean recovered = new AtomicBoolean();

        CompletableFuture<Started<byte[], byte[]>> starting = start()
                .afterRecovery(outcomes -> recovered.set(true))
                .eachPoolProducer(producer -> {
                    waiting.add(producer);
                    return gate;
                }).run(plan, executor, () -> false);
        await("recovery done and every pool id initialised").atMost(START_TIMEOUT)
                .until(() -> recovered.get() && initialised.containsAll(plan.pool()));

        assertThat(waiting).hasSize(plan.pool().size());
        assertThat(starting).isNotDone();
        gate.complete(null);
        assertThat(join(starting).pool().transactionalIds()).isEqualTo(plan.pool());
        assertThat(closedPoolProducers(plan)).isEmpty();
    }

    /** A pool producer that cannot get ready fails the start, and the pool is closed. */
    @Test
    void shouldCloseThePoolWhenAPoolProducerCannotGetReady() {
        RecoveryPlan plan = RecoveryPlan.freshStart(ids, 0, 1, 2);

        CompletableFuture<Started<byte[], byte[]>> starting = start()
                .eachPoolProducer(producer -> CompletableFuture.failedFuture(new IllegalStateException("no metadata")))
                .run(plan, executor, () -> false);

        assertThatThrownBy(() -> join(starting)).hasMessage("no metadata");
        assertThat(closedPoolProducers(plan)).containsExactlyInAnyOrderElementsOf(plan.pool());
    }

    private TransactionalStart<byte[], byte[]> start() {
        return new TransactionalStart<>(this::tracked, ReflectiveTransactionResumer.instance(), "start test", LOGGER);
    }

    /** The pool's ids whose producers were closed; recovery closes its own producers, of the other ids. */
    private List<String> closedPoolProducers(RecoveryPlan plan) {
        List<String> ids = new ArrayList<>();
        synchronized (closed) {
            for (String id : closed) {
                if (plan.pool().contains(id)) {
                    ids.add(id);
                }
            }
        }
        return ids;
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause()
                    : new CompletionException(e.getCause());
        } catch (Exception e) {
            throw new AssertionError("the start did not end within " + START_TIMEOUT, e);
        }
    }

    private TransactionalProducerPool<byte[], byte[]> oldPool(int processor, int generation) {
        TransactionalProducerPool<byte[], byte[]> pool = TransactionalProducerPool.start(
                ids.pool(processor, generation, 2), this::producer, ReflectiveTransactionResumer.instance(), executor,
                LOGGER);
        toClose.add(pool);
        return pool;
    }

    private Map<String, Object> props(String transactionalId) {
        Map<String, Object> props = broker().producerProps();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        return props;
    }

    private Producer<byte[], byte[]> producer(String transactionalId) {
        return new KafkaProducer<>(props(transactionalId));
    }

    /** A real producer that reports its initialisation and its close. */
    private Producer<byte[], byte[]> tracked(String transactionalId) {
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props(transactionalId)) {
            @Override
            public void initTransactions() {
                super.initTransactions();
                initialised.add(transactionalId);
            }

            @Override
            public void close(Duration timeout) {
                super.close(timeout);
                closed.add(transactionalId);
            }
        };
        toClose.add(() -> producer.close(Duration.ZERO));
        return producer;
    }

    /** A producer whose principal may not use its transactional id. */
    private Producer<byte[], byte[]> notAuthorized(String transactionalId) {
        return new KafkaProducer<>(props(transactionalId)) {
            @Override
            public void initTransactions() {
                throw new TransactionalIdAuthorizationException("test: no WRITE on " + transactionalId);
            }
        };
    }

    private void send(TransactionalProducerPool<byte[], byte[]> pool, int partition, String value) {
        pool.producer().send(new ProducerRecord<>(topic, partition, value.getBytes(UTF_8), value.getBytes(UTF_8)));
    }

    private List<String> committedValues() {
        return TransactionsOnBroker.committedValues(broker(), topic, Duration.ofSeconds(30));
    }

    private List<TransactionListing> openTransactions() throws Exception {
        return TransactionsOnBroker.openTransactions(broker(), ids.prefix());
    }

    private void assertNoOpenTransaction() {
        TransactionsOnBroker.assertNoOpenTransaction(broker(), ids.prefix());
    }

    private static KafkaBroker broker() {
        return KAFKA.broker();
    }
}
