package io.jetway.kafka.common.txn;

import com.hazelcast.logging.ILogger;
import com.hazelcast.logging.Logger;
import io.jetway.kafka.common.txn.RecoveryPlan.PreviousExecution;
import io.jetway.kafka.common.txn.RecoveryPlan.WriterTransactions;
import io.jetway.kafka.common.txn.TransactionRecovery.CommitOutcome;
import io.jetway.testing.KafkaBroker;
import io.jetway.testing.KafkaTestData;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The transaction machinery against a real broker, run once per transaction protocol version (2 is the
 * Kafka 4.x default and bumps the epoch at every commit; 1 does not). A "crash" is
 * {@link TransactionalProducerPool#close()}, which closes the producers without ending any transaction,
 * as a killed member would.
 */
abstract class TransactionProtocolContract {

    private static final ILogger LOGGER = Logger.getLogger(TransactionProtocolContract.class);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private String topic;
    private TransactionalIdScheme ids;

    abstract KafkaBroker broker();

    abstract int transactionVersion();

    @BeforeEach
    void createTopic() {
        topic = KafkaTestData.uniqueTopic("txn-v" + transactionVersion());
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
     * Phase 1 reads the producer id and epoch every time: protocol 2 bumps the epoch at every commit, so a
     * value read once (as Hazelcast's stock sink does) names the wrong transaction after the first commit.
     */
    @Test
    void shouldReadProducerEpochAtEveryPrepare() {
        TransactionalProducerPool<byte[], byte[]> pool = pool(0, 0, 2, 60_000);
        List<PreparedTransaction> firstOfEachId = new ArrayList<>();
        List<PreparedTransaction> secondOfEachId = new ArrayList<>();
        for (int snapshot = 1; snapshot <= 4; snapshot++) {
            send(pool, 0, "v" + snapshot);
            PreparedTransaction prepared = single(pool.prepare(snapshot));
            (snapshot <= 2 ? firstOfEachId : secondOfEachId).add(prepared);
            pool.commit(snapshot);
        }

        for (int i = 0; i < 2; i++) {
            PreparedTransaction first = firstOfEachId.get(i);
            PreparedTransaction second = secondOfEachId.get(i);
            assertThat(second.transactionalId()).isEqualTo(first.transactionalId());
            assertThat(second.transactionV2()).isEqualTo(transactionVersion() == 2);
            if (transactionVersion() == 2) {
                assertThat(second.epoch()).as("epoch of %s after a commit", first).isGreaterThan(first.epoch());
            } else {
                // protocol 1 keeps the epoch; the id is reused only after a later snapshot succeeded
                assertThat(second.epoch()).as("epoch of %s after a commit", first).isEqualTo(first.epoch());
            }
        }
        assertThat(committedValues()).containsExactlyInAnyOrder("v1", "v2", "v3", "v4");
    }

    /**
     * Crash between phase 1 and phase 2, many rounds in: the transaction prepared last is committed from
     * the id, producer id and epoch read at its phase 1; what was written after phase 1 is aborted.
     */
    @Test
    void shouldCommitTheTransactionPreparedBeforeACrash() {
        TransactionalProducerPool<byte[], byte[]> pool = pool(0, 0, 2, 60_000);
        List<String> expected = new ArrayList<>();
        for (int snapshot = 1; snapshot <= 5; snapshot++) {
            send(pool, snapshot % 2, "committed-" + snapshot);
            expected.add("committed-" + snapshot);
            pool.prepare(snapshot);
            pool.commit(snapshot);
        }
        send(pool, 0, "prepared-a");
        send(pool, 1, "prepared-b");
        List<PreparedTransaction> prepared = pool.prepare(6);
        send(pool, 0, "after-phase-1");
        pool.close();

        List<CommitOutcome> outcomes = recover(new PreviousExecution(0, 1, 2),
                List.of(new WriterTransactions(0, prepared)));

        assertThat(outcomes).containsExactly(CommitOutcome.COMMITTED);
        expected.add("prepared-a");
        expected.add("prepared-b");
        assertThat(committedValues()).containsExactlyInAnyOrderElementsOf(expected);
        assertNoOpenTransaction();
    }

    /**
     * Snapshot 1 succeeds, snapshot 2 fails, the job writes on, then crashes and restores snapshot 1: the
     * commit of snapshot 1's transaction must not commit any later transaction on its id, whose epoch
     * protocol 2 bumped at the commit and protocol 1 only through the pool's re-initialisation.
     */
    @Test
    void shouldNotCommitALaterTransactionOfTheSameId() {
        TransactionalProducerPool<byte[], byte[]> pool = pool(0, 0, 2, 60_000);
        send(pool, 0, "snapshot-1");
        List<PreparedTransaction> snapshot1 = pool.prepare(1);
        pool.commit(1);
        send(pool, 0, "snapshot-2-failed");
        pool.prepare(2);
        send(pool, 1, "after-snapshot-2");
        pool.close();

        List<CommitOutcome> outcomes = recover(new PreviousExecution(0, 1, 2),
                List.of(new WriterTransactions(0, snapshot1)));

        assertThat(outcomes).hasSize(1);
        assertThat(committedValues()).containsExactly("snapshot-1");
        assertNoOpenTransaction();
    }

    /** Phase 2 with success=false keeps the transaction prepared; the next success commits both. */
    @Test
    void shouldCommitTransactionsOfAFailedSnapshotWithTheNextSuccessfulOne() {
        TransactionalProducerPool<byte[], byte[]> pool = pool(0, 0, 3, 60_000);
        send(pool, 0, "a");
        assertThat(pool.prepare(1)).hasSize(1);
        send(pool, 1, "b");
        assertThat(pool.prepare(2)).hasSize(2);
        assertThat(committedValues()).isEmpty();

        pool.commit(2);

        assertThat(pool.pending()).isEmpty();
        assertThat(committedValues()).containsExactlyInAnyOrder("a", "b");
    }

    /** Every id holding a transaction of a failed snapshot: the pool says so instead of reusing one. */
    @Test
    void shouldFailWhenEveryIdHoldsAPreparedTransaction() {
        TransactionalProducerPool<byte[], byte[]> pool = pool(0, 0, 2, 60_000);
        send(pool, 0, "a");
        pool.prepare(1);
        send(pool, 0, "b");
        pool.prepare(2);

        assertThatThrownBy(pool::producer).isInstanceOf(IllegalStateException.class)
                                          .hasMessageContaining("No idle transactional id")
                                          .hasMessageContaining("snapshots failed in a row");
    }

    /** Aborting the open transaction ends it at once and leaves the prepared ones for phase 2. */
    @Test
    void shouldAbortOnlyTheOpenTransaction() {
        TransactionalProducerPool<byte[], byte[]> pool = pool(0, 0, 3, 60_000);
        send(pool, 0, "prepared");
        pool.prepare(1);
        send(pool, 1, "open");

        pool.abortOpenTransaction();

        assertThat(pool.hasOpenTransaction()).isFalse();
        assertThat(pool.pending()).hasSize(1);
        pool.commit(1);
        assertThat(committedValues()).containsExactly("prepared");
    }

    /** A transaction the broker aborted after transaction.timeout.ms is reported as not open, not committed. */
    @Test
    void shouldReportATimedOutTransactionAsNotOpen() {
        TransactionalProducerPool<byte[], byte[]> pool = pool(0, 0, 2, 1_500);
        send(pool, 0, "timed-out");
        PreparedTransaction prepared = single(pool.prepare(1));
        pool.close();
        await("broker aborts " + prepared + " after its transaction.timeout.ms")
                .atMost(Duration.ofSeconds(30))
                .until(() -> stateOf(prepared.transactionalId()) == TransactionState.COMPLETE_ABORT);

        CommitOutcome outcome = recovery(1_500).commitIfOpen(prepared);

        assertThat(outcome).isEqualTo(CommitOutcome.NOT_OPEN);
        assertThat(committedValues()).isEmpty();
    }

    /** A commit already done by phase 2 is not repeated and not doubled. */
    @Test
    void shouldAcceptACommitThatPhase2AlreadyDid() {
        TransactionalProducerPool<byte[], byte[]> pool = pool(0, 0, 2, 60_000);
        send(pool, 0, "once");
        PreparedTransaction prepared = single(pool.prepare(1));
        pool.commit(1);
        pool.close();

        CommitOutcome outcome = recovery(60_000).commitIfOpen(prepared);

        assertThat(outcome).isIn(CommitOutcome.COMMITTED, CommitOutcome.NOT_OPEN);
        assertThat(committedValues()).containsExactly("once");
    }

    /**
     * Three writers crash with prepared and open transactions; one processor restores them all (3 -> 1):
     * every prepared transaction is committed, every other transaction of the old ids is aborted.
     */
    @Test
    void shouldCommitAndFenceEveryIdOfAHigherOldParallelism() throws Exception {
        int oldGeneration = 3;
        List<WriterTransactions> anchors = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int writer = 0; writer < 3; writer++) {
            TransactionalProducerPool<byte[], byte[]> pool = pool(writer, oldGeneration, 2, 60_000);
            send(pool, writer % 2, "prepared-" + writer);
            expected.add("prepared-" + writer);
            anchors.add(new WriterTransactions(writer, pool.prepare(7)));
            send(pool, writer % 2, "open-" + writer);
            pool.producer().flush();   // the open transaction must reach the broker before the "crash"
            pool.close();
        }
        // the transaction coordinator lists new transactions with a short delay: wait for all six
        await("the 6 transactions of the crashed writers listed as ongoing").atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(openTransactions()).hasSize(6));

        List<CommitOutcome> outcomes = recover(new PreviousExecution(oldGeneration, 3, 2), anchors);

        assertThat(outcomes).containsOnly(CommitOutcome.COMMITTED).hasSize(3);
        assertThat(committedValues()).containsExactlyInAnyOrderElementsOf(expected);
        assertNoOpenTransaction();
    }

    /**
     * A fresh start fences only the ids the coordinator knows: the crashed earlier incarnation's (its open
     * transaction is aborted, as before), not the probe ids nobody ever initialised.
     */
    @Test
    void shouldFenceOnlyTheIdsTheCoordinatorKnows() {
        // writer 2 of an earlier incarnation with parallelism 3; processor 0 of 2 probes index 0 and 2
        TransactionalProducerPool<byte[], byte[]> crashed = pool(2, 0, 2, 60_000);
        send(crashed, 0, "open");
        crashed.producer().flush();
        crashed.close();
        await("the crashed writer's transaction listed as ongoing").atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(openTransactions()).hasSize(1));
        RecoveryPlan plan = RecoveryPlan.freshStart(ids, 0, 2, 2);
        List<String> created = Collections.synchronizedList(new ArrayList<>());
        TransactionalProducerFactory<byte[], byte[]> factory = factory(60_000);
        TransactionalProducerFactory<byte[], byte[]> counting = id -> {
            created.add(id);
            return factory.create(id);
        };
        TransactionRecovery recovery = new TransactionRecovery(counting, resumer(), LOGGER,
                TransactionalIdProbe.of(broker().admin(), 30_000));

        recovery.execute(plan, executor);

        assertThat(created).containsExactlyInAnyOrderElementsOf(ids.pool(2, 0, 2))
                           .hasSizeLessThan(plan.toFence().size());
        assertNoOpenTransaction();
        assertThat(committedValues()).isEmpty();
    }

    /**
     * A producer with the same id initialised between phase 1 and phase 2: the coordinator's state shows the
     * takeover, whatever error the commit gets; before the commit, and after our own, it shows none.
     */
    @Test
    void shouldSeeAnotherProducersTakeoverOfAPreparedTransactionOnlyAfterIt() throws Exception {
        TransactionalProducerPool<byte[], byte[]> pool = pool(0, 0, 2, 60_000);
        send(pool, 0, "committed");
        PreparedTransaction committed = single(pool.prepare(1));
        assertThat(TransactionTakeover.check(broker().admin(), committed, READ_TIMEOUT)).as("prepared").isEmpty();
        pool.commit(1);
        assertThat(TransactionTakeover.check(broker().admin(), committed, READ_TIMEOUT)).as("committed").isEmpty();
        send(pool, 0, "taken-over");
        PreparedTransaction prepared = single(pool.prepare(2));

        try (Producer<byte[], byte[]> twin = factory(60_000).create(prepared.transactionalId())) {
            twin.initTransactions();
            assertThatThrownBy(() -> pool.commit(2)).isInstanceOf(IllegalStateException.class);

            assertThat(TransactionTakeover.check(broker().admin(), prepared, READ_TIMEOUT))
                    .hasValueSatisfying(evidence -> assertThat(evidence)
                            .contains("transactional.id '" + prepared.transactionalId() + "'")
                            .contains("producer id " + prepared.producerId()));
        }
        assertThat(committedValues()).containsExactly("committed");
    }

    private List<CommitOutcome> recover(PreviousExecution previous, Collection<WriterTransactions> anchors) {
        RecoveryPlan plan = RecoveryPlan.restore(ids, 0, 1, 2, previous, anchors);
        List<CommitOutcome> outcomes = recovery(60_000).execute(plan, executor);
        // the new execution's own pool fences its own ids
        toClose.add(TransactionalProducerPool.start(plan.pool(), factory(60_000), resumer(), executor, LOGGER));
        return outcomes;
    }

    private TransactionalProducerPool<byte[], byte[]> pool(int processor, int generation, int size, int timeoutMs) {
        TransactionalProducerPool<byte[], byte[]> pool = TransactionalProducerPool.start(
                ids.pool(processor, generation, size), factory(timeoutMs), resumer(), executor, LOGGER);
        toClose.add(pool);
        return pool;
    }

    private TransactionRecovery recovery(int timeoutMs) {
        return new TransactionRecovery(factory(timeoutMs), resumer(), LOGGER);
    }

    private static TransactionResumer resumer() {
        return ReflectiveTransactionResumer.instance();
    }

    private TransactionalProducerFactory<byte[], byte[]> factory(int transactionTimeoutMs) {
        return transactionalId -> {
            Map<String, Object> props = broker().producerProps();
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
            props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, transactionTimeoutMs);
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
            return new KafkaProducer<>(props);
        };
    }

    private void send(TransactionalProducerPool<byte[], byte[]> pool, int partition, String value) {
        Producer<byte[], byte[]> producer = pool.producer();
        producer.send(new ProducerRecord<>(topic, partition, value.getBytes(UTF_8), value.getBytes(UTF_8)));
    }

    private List<String> committedValues() {
        return TransactionsOnBroker.committedValues(broker(), topic, READ_TIMEOUT);
    }

    private List<TransactionListing> openTransactions() throws Exception {
        return TransactionsOnBroker.openTransactions(broker(), ids.prefix());
    }

    private void assertNoOpenTransaction() {
        TransactionsOnBroker.assertNoOpenTransaction(broker(), ids.prefix());
    }

    private TransactionState stateOf(String transactionalId) throws Exception {
        return broker().admin().describeTransactions(List.of(transactionalId)).description(transactionalId)
                       .get(30, TimeUnit.SECONDS).state();
    }

    private static PreparedTransaction single(List<PreparedTransaction> prepared) {
        assertThat(prepared).hasSize(1);
        return prepared.get(0);
    }
}
