package io.jetway.state.changelog;

import com.hazelcast.jet.RestartableException;
import io.jetway.testing.KafkaBrokerProcess;
import io.jetway.testing.KafkaExtension;
import io.jetway.testing.KafkaTestData;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.jetway.state.changelog.ChangelogExactlyOnceContract.expectedRange;
import static io.jetway.state.changelog.ChangelogExactlyOnceContract.putRange;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker (a child JVM) is killed with -9 while the backend writes and comes back some seconds later:
 * the backend waits for it (the processor thread blocks in the producers, as a non-cooperative processor
 * may) or, past the client timeouts, fails with a {@link RestartableException}. Then the job crashes
 * between the phases of a snapshot, and a restore gives exactly the recorded state.
 * <p>
 * In the default run. It was kept out of it while about one run in ten stalled in the restore: on a combined
 * single-node broker, Kafka's transaction coordinator skipped the markers of partitions that were briefly
 * without a leader after the restart (docs/hanging-transactions.md; 2 of 25 runs). Since the test broker runs
 * its controller in a JVM of its own: 20 green runs in a row (issue 12). A restore blocked by a hanging
 * transaction fails within {@code restore.hanging.check.ms} naming it ({@link HangingTransactionRestoreTest}).
 */
class ChangelogBrokerRestartTest {

    @RegisterExtension
    static final KafkaExtension KAFKA = KafkaExtension.childProcess();

    @Test
    void shouldKeepTheStateExactAcrossABrokerKillAndRestart() {
        KafkaBrokerProcess broker = KAFKA.brokerProcess();
        SimulatedJob job = new SimulatedJob(KafkaTestData.uniqueTopic("broker-restart"), 4,
                Map.of("bootstrap.servers", broker.bootstrapServers(), "transaction.timeout.ms", "60000"), true);
        Map<String, Long> expected = new HashMap<>();
        CompletableFuture<Void> restarted;
        try (SimulatedJob.Execution execution = job.start(2)) {
            putRange(execution, "before", 0, 100, 1);
            execution.snapshot();
            expected.putAll(expectedRange("before", 0, 100, 1));
            putRange(execution, "open", 0, 100, 2);             // an open transaction when the broker dies

            broker.kill();
            restarted = CompletableFuture.runAsync(broker::restart);
            try {
                putRange(execution, "during", 0, 100, 3);      // waits for the broker
                long snapshot = execution.phase1();
                execution.record(snapshot);                     // then the job dies before phase 2
                expected.putAll(expectedRange("open", 0, 100, 2));
                expected.putAll(expectedRange("during", 0, 100, 3));
                putRange(execution, "after-phase-1", 0, 10, 4);
            } catch (RuntimeException e) {
                // SimulatedJob's phase 1 wraps what a backend throws in an IllegalStateException
                Throwable failure = e instanceof RestartableException ? e : e.getCause();
                assertThat(failure).as("a failure while the broker is away asks for a restart")
                                   .isInstanceOf(RestartableException.class);
            }
        }
        restarted.join();

        try (SimulatedJob.Execution restored = job.restore(3)) {
            assertThat(restored.state()).isEqualTo(expected);
        } catch (IllegalStateException e) {
            String open = openTransactions(broker, job.topic());
            String evidence = System.getProperty("jetway.evidence.dir");
            if (evidence != null) {
                try {
                    broker.stop();
                    copyDirectory(broker.directory(), java.nio.file.Path.of(evidence, "broker-" + System.nanoTime()));
                } catch (Exception copy) {
                    e.addSuppressed(copy);
                }
            }
            throw new AssertionError("Restore failed; the changelog's open transactions: " + open, e);
        }
    }

    /**
     * The producers with an open transaction on each changelog partition and its last stable offsets: a
     * restore that stalls shows here which transaction holds it (seen once in about ten runs, see the
     * closing note of issue 5).
     */
    private static String openTransactions(KafkaBrokerProcess broker, String topic) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (int partition = 0; partition < 4; partition++) {
            partitions.add(new TopicPartition(topic, partition));
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        try {
            return "producers " + broker.admin().describeProducers(partitions).all().get(30, TimeUnit.SECONDS)
                    + ", last stable offsets " + broker.admin().listOffsets(latest,
                            new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(30, TimeUnit.SECONDS)
                    + ", transactions " + broker.admin().listTransactions().all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            return "(cannot describe: " + e + ")";
        }
    }

    private static void copyDirectory(java.nio.file.Path from, java.nio.file.Path to) throws java.io.IOException {
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(from)) {
            for (java.nio.file.Path file : (Iterable<java.nio.file.Path>) files::iterator) {
                java.nio.file.Path target = to.resolve(from.relativize(file).toString());
                if (java.nio.file.Files.isDirectory(file)) {
                    java.nio.file.Files.createDirectories(target);
                } else {
                    java.nio.file.Files.copy(file, target);
                }
            }
        }
    }
}
