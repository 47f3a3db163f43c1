package io.jetway;

import com.hazelcast.jet.Job;
import com.hazelcast.jet.core.JobStatus;
import io.jetway.testing.HazelcastCluster;
import io.jetway.testing.HazelcastMemberProcess;
import io.jetway.testing.JetJobs;
import io.jetway.testing.KafkaBroker;
import io.jetway.testing.KafkaTestData;
import io.jetway.testing.SharedKafka;
import io.jetway.testing.eos.EosReport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Fault scenarios of the exactly-once pipeline Kafka → keyed state → transactional Kafka sink, each checked by
 * the exactly-once checker: no output lost, none duplicated, each key's order kept, states as in a
 * fault-free run. (The job failing between the snapshot phases: {@link BetweenPhasesContract}; the broker
 * killed: {@link BrokerKillTest}.)
 */
class SinkFaultScenariosTest {

    private static final int KEYS = 100;
    private static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(6);

    private final KafkaBroker kafka = SharedKafka.get();

    /**
     * Purpose: a member terminated (as by a crash) mid-stream; the job restarts on one member, with half the
     * sink processors (the restored transactions of two writers per processor).
     */
    @Test
    void shouldLoseAndDuplicateNothingWhenAMemberIsTerminated() {
        try (SinkScenario scenario = new SinkScenario(kafka, "member-terminate", KEYS, 12_000);
             HazelcastCluster cluster = HazelcastCluster.start(2)) {
            scenario.submit(cluster, 200, sink -> sink);
            scenario.produceNext(6_000);
            scenario.checker.awaitCommittedAtLeast(3_000, SinkScenario.AWAIT, scenario.job());
            cluster.terminate(1);
            EosReport report = scenario.finish();
            assertThat(report.lost()).as(report.toString()).isZero();
            assertThat(report.duplicated()).as(report.toString()).isZero();
            report.assertExactlyOnce();
        }
    }

    /** Purpose: a member's JVM killed with SIGKILL mid-stream (no shutdown of anything, producers included). */
    @Test
    void shouldLoseAndDuplicateNothingWhenAMemberProcessIsKilled() {
        try (SinkScenario scenario = new SinkScenario(kafka, "member-kill9", KEYS, 12_000);
             HazelcastCluster cluster = HazelcastCluster.start(1)) {
            HazelcastMemberProcess process = cluster.startMemberProcess();
            scenario.submit(cluster, EosPipeline.exactlyOnce(scenario.name, 200), scenario.source().build(),
                    scenario.sink().build(), false);
            scenario.produceNext(6_000);
            scenario.checker.awaitCommittedAtLeast(3_000, SinkScenario.AWAIT, scenario.job());
            process.kill();
            EosReport report = scenario.finish();
            assertThat(report.lost()).as(report.toString()).isZero();
            assertThat(report.duplicated()).as(report.toString()).isZero();
            report.assertExactlyOnce();
        }
    }

    /**
     * Purpose: records the decoder rejects go to the dead-letter topic and the job goes on; nothing else is
     * lost or repeated, and without any fault no transaction is aborted either.
     */
    @Test
    void shouldWriteEveryOutputOnceAndPoisonRecordsToTheDeadLetterTopic() {
        try (SinkScenario scenario = new SinkScenario(kafka, "poison-dlq", KEYS, 6_000);
             HazelcastCluster cluster = HazelcastCluster.start(2)) {
            String deadLetters = KafkaTestData.uniqueTopic("poison-dlq-dead");
            kafka.createTopic(deadLetters, 1);
            scenario.submit(cluster, EosPipeline.exactlyOnce(scenario.name, 200),
                    scenario.source().deadLetterTopic(deadLetters).build(), scenario.sink().build(), true);
            Set<String> poison = new TreeSet<>();
            for (int chunk = 0; chunk < 3; chunk++) {
                scenario.produceNext(2_000);
                List<String> values = List.of("poison-" + chunk + "-a", "not:an:event:" + chunk,
                        "poison-" + chunk + "-b");
                KafkaTestData.produce(kafka, scenario.inputTopic, chunk, values);
                poison.addAll(values);
            }
            EosReport report = scenario.finish();
            report.assertExactlyOnce();
            assertThat(report.abortedRead()).as(report.toString()).isZero();
            Set<String> dead = new TreeSet<>();
            for (ConsumerRecord<byte[], byte[]> record : KafkaTestData.readAll(kafka, deadLetters, poison.size(),
                    Duration.ofSeconds(30), false)) {
                dead.add(new String(record.value(), UTF_8));
            }
            assertThat(dead).as("dead letters").isEqualTo(poison);
        }
    }

    /**
     * Purpose: the job stalls (no item taken, so no snapshot) longer than {@code transaction.timeout.ms}; the
     * broker aborts the open transaction. Pass: the sink notices, the job restarts from its last snapshot and
     * writes the aborted records again: nothing lost, nothing duplicated, the aborted records visible only
     * {@code read_uncommitted}.
     */
    @Test
    void shouldRestartAndLoseNothingWhenTheBrokerAbortsTheOpenTransactionOfAStalledJob() {
        try (SinkScenario scenario = new SinkScenario(kafka, "stalled-open", KEYS, 8_000);
             HazelcastCluster cluster = HazelcastCluster.start(2)) {
            scenario.submit(cluster, 200, sink -> sink.transactionTimeout(TRANSACTION_TIMEOUT));
            scenario.produceNext(2_000);
            scenario.awaitProducedCommitted();
            scenario.faults.stallProcessingAfter(500);
            scenario.produceNext(2_000);
            await("the sink stalled").atMost(SinkScenario.AWAIT)
                    .conditionEvaluationListener(condition -> {
                        if (!condition.isSatisfied() && condition.getRemainingTimeInMS() < 1_000) {
                            System.out.println("Stall not begun yet: " + scenario.faults.describeStall());
                        }
                    })
                    .until(scenario.faults::processingStallBegun);
            assertThat(scenario.ongoingTransactions()).as("open transactions when the stall began").isNotEmpty();
            await("the broker aborted the stalled job's open transactions").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200)).until(() -> scenario.ongoingTransactions().isEmpty());
            scenario.faults.releaseProcessing();
            EosReport report = scenario.finish();
            assertThat(report.lost()).as(report.toString()).isZero();
            assertThat(report.duplicated()).as(report.toString()).isZero();
            report.assertExactlyOnce();
            assertThat(report.abortedRead()).as("records of the aborted transaction, written again: " + report)
                                            .isPositive();
        }
    }

    /**
     * Purpose: snapshot phase 2 stalls longer than {@code transaction.timeout.ms}, so the broker aborts a
     * transaction that a successful snapshot already covers; its records cannot be written again. Then phase
     * 2 commits ({@code restart = false}: the commit fails), or the job restarts instead ({@code restart =
     * true}: recovery finds the transaction ended and its witness record aborted). One sink processor, so that
     * one transaction is affected. Pass: the job FAILS with an error that names the timeout and how many
     * records are lost (never a silent loss, never a duplicate), and the checker's lost count is that number.
     */
    @ParameterizedTest(name = "restart before the commit: {0}")
    @ValueSource(booleans = {false, true})
    void shouldFailLoudlyWhenTheBrokerAbortsAPreparedTransaction(boolean restart) {
        try (SinkScenario scenario = new SinkScenario(kafka, "stalled-prepared-" + restart, KEYS, 3_000);
             HazelcastCluster cluster = HazelcastCluster.start(1)) {
            Job job = scenario.submit(cluster, 200, sink -> sink.transactionTimeout(TRANSACTION_TIMEOUT)
                                                                .localParallelism(1));
            scenario.produceNext(2_000);
            scenario.awaitProducedCommitted();
            scenario.faults.stallNextPhase2();
            scenario.produceNext(1_000);
            await("phase 2 stalled").atMost(SinkScenario.AWAIT).until(() -> scenario.faults.phase2Stalls() > 0);
            await("the broker aborted the prepared transaction").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200)).until(() -> scenario.ongoingTransactions().isEmpty());
            scenario.faults.releasePhase2(restart);
            JetJobs.awaitStatus(job, JobStatus.FAILED);
            Throwable failure = catchThrowable(job::join);
            EosReport report = scenario.report();
            assertThat(report.duplicated()).as(report.toString()).isZero();
            assertThat(report.lost()).as("the records of the aborted, prepared transaction: " + report).isPositive();
            assertThat(failure).hasStackTraceContaining("transaction.timeout.ms=" + TRANSACTION_TIMEOUT.toMillis())
                               .hasStackTraceContaining(report.lost() + " records are LOST")
                               .hasStackTraceContaining(restart ? "was ABORTED, not committed" : "cannot commit");
        }
    }
}
