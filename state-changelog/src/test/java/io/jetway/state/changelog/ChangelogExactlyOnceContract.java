package io.jetway.state.changelog;

import io.jetway.testing.KafkaBroker;
import io.jetway.testing.KafkaTestData;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The exactly-once protocol of the {@code kafka-changelog} backend on a real broker, driven through
 * {@link SimulatedJob}; run once per transaction protocol version (2, the Kafka 4.x default, bumps the
 * producer epoch at every commit; 1 does not). A crash is {@code close()} without phase 2: the backend
 * ends no transaction on close.
 */
abstract class ChangelogExactlyOnceContract {

    private static final int PARTITIONS = 6;

    abstract KafkaBroker broker();

    abstract String protocol();

    /** Restore gives the state as of phase 1 of the last recorded snapshot, not later, although flushed. */
    @Test
    void shouldRestoreTheLastSnapshotAndDiscardChangesMadeAfterItsPhase1() {
        SimulatedJob job = job("discard");
        try (SimulatedJob.Execution first = job.start(2)) {
            putRange(first, "k", 0, 100, 1);
            first.snapshot();
            putRange(first, "k", 0, 50, 2);          // after phase 1 of the recorded snapshot
            first.put("late", 7);
            first.phase1();                          // flushes them to Kafka; never recorded
        }

        try (SimulatedJob.Execution restored = job.restore(2)) {
            assertThat(restored.state()).isEqualTo(expectedRange("k", 0, 100, 1));
        }
    }

    /** Crash after the snapshot is recorded, before phase 2: the prepared transaction is committed by the restore. */
    @Test
    void shouldCommitThePreparedTransactionAfterACrashBetweenThePhases() {
        SimulatedJob job = job("between-phases");
        Map<String, Long> expected = new HashMap<>();
        try (SimulatedJob.Execution first = job.start(2)) {
            for (int round = 1; round <= 4; round++) {         // several epochs: protocol 2 bumps the epoch each time
                putRange(first, "r" + round + "-", 0, 20, round);
                expected.putAll(expectedRange("r" + round + "-", 0, 20, round));
                first.snapshot();
            }
            putRange(first, "prepared-", 0, 30, 5);
            expected.putAll(expectedRange("prepared-", 0, 30, 5));
            long snapshot = first.phase1();
            first.record(snapshot);                            // Jet recorded it; phase 2 never runs
            first.put("after-phase-1", 6);
        }

        try (SimulatedJob.Execution restored = job.restore(2)) {
            assertThat(restored.state()).isEqualTo(expected);
        }
        assertNoOpenTransaction(job);
        try (SimulatedJob.Execution again = job.restore(2)) {   // the same snapshot once more: nothing changes
            assertThat(again.state()).isEqualTo(expected);
        }
    }

    /** Phase 2 with success=false keeps the changes pending; the next successful snapshot covers them. */
    @Test
    void shouldKeepTheChangesOfAFailedSnapshotForTheNextSuccessfulOne() {
        SimulatedJob job = job("failed-snapshot");
        try (SimulatedJob.Execution first = job.start(1)) {
            first.put("a", 1);
            long failed = first.phase1();
            first.phase2(failed, false);
            first.put("b", 2);
            first.snapshot();
            first.put("c", 3);
        }

        try (SimulatedJob.Execution restored = job.restore(1)) {
            assertThat(restored.state()).isEqualTo(Map.of("a", 1L, "b", 2L));
        }
    }

    /**
     * A failed snapshot leaves its transaction prepared; the next snapshot relies on both. Crash between its
     * phases: the restore commits both, and the state has the changes of both.
     */
    @Test
    void shouldCommitEveryPreparedTransactionOfTheSnapshotAfterACrashBetweenThePhases() {
        SimulatedJob job = job("two-prepared");
        try (SimulatedJob.Execution first = job.start(1)) {
            putRange(first, "a", 0, 10, 1);
            long failed = first.phase1();
            first.phase2(failed, false);                         // its transaction stays prepared
            putRange(first, "b", 0, 60, 2);
            first.record(first.phase1());                        // relies on both; phase 2 never runs
        }

        try (SimulatedJob.Execution restored = job.restore(1)) {
            Map<String, Long> expected = expectedRange("a", 0, 10, 1);
            expected.putAll(expectedRange("b", 0, 60, 2));
            assertThat(restored.state()).isEqualTo(expected);
        }
    }

    /**
     * Purpose: a snapshot relies on two prepared transactions (the first one's snapshot failed); the older
     * one was aborted (here fenced, as the broker's transaction timeout would), the newer one is committed by
     * the restore, and its records end every partition, so the last offsets alone look fine. Pass: the
     * restore fails naming the aborted transaction's id and partitions, instead of silently losing its
     * changes.
     */
    @Test
    void shouldFailTheRestoreWhenAnOlderPreparedTransactionOfTheSnapshotWasAborted() throws Exception {
        SimulatedJob job = job("older-aborted");
        TreeSet<Integer> olderPartitions = new TreeSet<>();
        TreeSet<Integer> newerPartitions = new TreeSet<>();
        try (SimulatedJob.Execution first = job.start(1)) {
            putRange(first, "a", 0, 10, 1);
            long failed = first.phase1();
            first.phase2(failed, false);
            putRange(first, "b", 0, 60, 2);
            first.record(first.phase1());
        }
        for (int i = 0; i < 10; i++) {
            olderPartitions.add(job.partitionOf("a" + i));
        }
        for (int i = 0; i < 60; i++) {
            newerPartitions.add(job.partitionOf("b" + i));
        }
        assertThat(newerPartitions).as("the newer transaction ends every partition of the older one")
                                   .containsAll(olderPartitions);
        String older = olderOfTwoOpenTransactions(job);
        abortByFencing(older);

        assertThatThrownBy(() -> job.restore(1))
                .hasMessageContaining("relies on changelog transactions that were not committed")
                .hasMessageContaining("transaction " + older + "(")
                .hasMessageContaining(job.topic() + "-" + olderPartitions.first() + " offsets ")
                .hasMessageContaining("Start the job again without this snapshot");
    }

    private String olderOfTwoOpenTransactions(SimulatedJob job) throws Exception {
        List<String> open = openTransactions(broker(), job);
        assertThat(open).as("open transactions of %s", job).hasSize(2);
        Map<String, TransactionDescription> descriptions = broker().admin().describeTransactions(open).all()
                                                                   .get(30, TimeUnit.SECONDS);
        return open.stream()
                   .min((x, y) -> Long.compare(descriptions.get(x).transactionStartTimeMs().orElseThrow(),
                           descriptions.get(y).transactionStartTimeMs().orElseThrow()))
                   .orElseThrow();
    }

    // What the broker does on a transaction timeout, done now: a new producer of the id aborts the open transaction.
    private void abortByFencing(String transactionalId) {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker().bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.initTransactions();
        }
    }

    /**
     * 2 processors, then 3, then 1, each crashing between the phases: every state partition is restored
     * exactly once, every prepared transaction committed, every other transaction of the old ids fenced.
     */
    @Test
    void shouldRestoreEveryPartitionOnceWithAnotherParallelism() {
        SimulatedJob job = job("rescale");
        Map<String, Long> expected = new HashMap<>();
        int[] parallelisms = {2, 3, 1};
        for (int step = 0; step < parallelisms.length; step++) {
            try (SimulatedJob.Execution execution = step == 0 ? job.start(parallelisms[0])
                    : job.restore(parallelisms[step])) {
                assertThat(execution.state()).as("state restored with %s processors", parallelisms[step])
                                             .isEqualTo(expected);
                assertNoOpenTransaction(job);
                putRange(execution, "s" + step + "-", 0, 60, step + 1);
                putRange(execution, "shared-", 0, 30, step + 10);
                expected.putAll(expectedRange("s" + step + "-", 0, 60, step + 1));
                expected.putAll(expectedRange("shared-", 0, 30, step + 10));
                long snapshot = execution.phase1();
                execution.record(snapshot);
                putRange(execution, "shared-", 0, 30, 99);   // after phase 1: must vanish
            }
        }
        try (SimulatedJob.Execution last = job.restore(2)) {
            assertThat(last.state()).isEqualTo(expected);
        }
    }

    /**
     * A snapshot taken while one processor still opened (it answers for its restored positions) and the other
     * already ran on, then a restore with another parallelism (a member lost): one processor owns positions
     * both wrote. The restored execution left prepared transactions to commit, and the running processor
     * prepared new ones. Saving the restoring processor's entries unchanged mixed two executions in one
     * snapshot, and the restore refused it ("snapshot entries of different executions").
     */
    @Test
    void shouldRestoreASnapshotTakenWhileSomeProcessorsStillOpened() {
        SimulatedJob job = job("while-opening");
        Map<String, Long> expected = new HashMap<>();
        try (SimulatedJob.Execution first = job.start(2)) {
            putRange(first, "a", 0, 60, 1);
            expected.putAll(expectedRange("a", 0, 60, 1));
            first.record(first.phase1());                     // crash between the phases: prepared, not committed
        }
        try (SimulatedJob.Execution second = job.restore(2)) {
            assertThat(second.state()).isEqualTo(expected);
            for (int i = 0; i < 60; i++) {                    // only processor 0 has seen its open complete
                String key = "b" + i;
                if (job.partitionOf(key) % 2 == 0) {
                    second.put(key, 2);
                    expected.put(key, 2L);
                }
            }
            second.record(second.phase1WhileOpening(Set.of(1)));   // and crash again between the phases
        }
        try (SimulatedJob.Execution third = job.restore(1)) {
            assertThat(third.state()).isEqualTo(expected);
        }
        assertNoOpenTransaction(job);
        try (SimulatedJob.Execution fourth = job.restore(3)) {
            assertThat(fourth.state()).isEqualTo(expected);
        }
    }

    SimulatedJob job(String name) {
        return new SimulatedJob(KafkaTestData.uniqueTopic(name + "-" + protocol()), PARTITIONS,
                Map.of("bootstrap.servers", broker().bootstrapServers(), "transaction.timeout.ms", "60000"), true);
    }

    static void putRange(SimulatedJob.Execution execution, String prefix, int from, int to, long value) {
        for (int i = from; i < to; i++) {
            execution.put(prefix + i, value);
        }
    }

    static Map<String, Long> expectedRange(String prefix, int from, int to, long value) {
        Map<String, Long> expected = new HashMap<>();
        for (int i = from; i < to; i++) {
            expected.put(prefix + i, value);
        }
        return expected;
    }

    void assertNoOpenTransaction(SimulatedJob job) {
        await("no ongoing transaction of " + job)
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(openTransactions(broker(), job)).isEmpty());
    }

    static List<String> openTransactions(KafkaBroker broker, SimulatedJob job) throws Exception {
        List<String> open = new ArrayList<>();
        for (TransactionListing listing : broker.admin().listTransactions().all().get(30, TimeUnit.SECONDS)) {
            if (listing.transactionalId().startsWith(job.transactionalIdPrefix() + "-")
                    && listing.state() == TransactionState.ONGOING) {
                open.add(listing.transactionalId());
            }
        }
        return open;
    }
}
