package io.jetway.state.changelog;

import com.hazelcast.jet.RestartableException;
import io.jetway.testing.KafkaBroker;
import io.jetway.testing.KafkaTestData;
import io.jetway.testing.SharedKafka;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.jetway.state.changelog.ChangelogExactlyOnceContract.expectedRange;
import static io.jetway.state.changelog.ChangelogExactlyOnceContract.putRange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Phase 1 refuses to prepare a changelog transaction older than half of {@code transaction.timeout.ms}
 * (the broker could abort it before phase 2): the job restarts from its previous snapshot instead, as the
 * transactional sink does.
 */
class ChangelogTransactionAgeTest {

    private static final int PARTITIONS = 4;
    private static final long TIMEOUT_MS = 4_000;

    private final KafkaBroker kafka = SharedKafka.get();

    /**
     * Purpose: a stalled processor whose open transaction outlived half the timeout. Steps: a successful
     * snapshot, changes sent at once (no write-behind buffer, whose transaction opens only when it sends),
     * then phase 1 once the open transaction is older than half the timeout. Pass: phase 1
     * fails with a {@link RestartableException} naming the transactional id and the timeout, and a restart
     * from the previous snapshot restores its state.
     */
    @Test
    void shouldRestartFromThePreviousSnapshotWhenTheOpenTransactionIsTooOld() {
        SimulatedJob job = job("open-too-old", "0");                 // every change sent at once
        try (SimulatedJob.Execution execution = job.start(1)) {
            putRange(execution, "k", 0, 20, 1);
            execution.snapshot();
            long openedNs = System.nanoTime();
            putRange(execution, "k", 0, 20, 2);                  // opens the next transaction
            awaitOlderThanHalfTheTimeout(openedNs);

            assertThatThrownBy(execution::phase1)
                    .rootCause()
                    .isInstanceOf(RestartableException.class)
                    .hasMessageContaining("the open transaction of transactional.id '" + job.transactionalIdPrefix())
                    .hasMessageContaining("more than half of transaction.timeout.ms=" + TIMEOUT_MS)
                    .hasMessageContaining("option 'transaction.timeout.ms'");
        }
        try (SimulatedJob.Execution restored = job.restore(1)) {
            assertThat(restored.state()).isEqualTo(expectedRange("k", 0, 20, 1));
        }
    }

    /**
     * Purpose: a snapshot that failed left its transaction prepared; the next snapshot would rely on it.
     * Steps: a failed snapshot, then, once its transaction is older than half the timeout, a change and phase
     * 1. Pass: phase 1 fails naming the old prepared transaction.
     */
    @Test
    void shouldNotRelyOnATransactionOfAFailedSnapshotThatIsTooOld() {
        SimulatedJob job = job("prepared-too-old", "100000");        // the default write-behind buffer
        try (SimulatedJob.Execution execution = job.start(1)) {
            long openedNs = System.nanoTime();
            putRange(execution, "a", 0, 20, 1);
            long failed = execution.phase1();
            execution.phase2(failed, false);
            awaitOlderThanHalfTheTimeout(openedNs);
            putRange(execution, "b", 0, 20, 1);                  // a fresh transaction on another id

            assertThatThrownBy(execution::phase1)
                    .rootCause()
                    .isInstanceOf(RestartableException.class)
                    .hasMessageContaining("prepared by snapshot " + failed + " which did not succeed")
                    .hasMessageContaining("more than half of transaction.timeout.ms=" + TIMEOUT_MS);
        }
    }

    private static void awaitOlderThanHalfTheTimeout(long openedNs) {
        await("the transaction opened more than half of transaction.timeout.ms ago")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> System.nanoTime() - openedNs > (TIMEOUT_MS / 2 + 200) * 1_000_000L);
    }

    private SimulatedJob job(String name, String writeBufferKeys) {
        return new SimulatedJob(KafkaTestData.uniqueTopic(name), PARTITIONS, Map.of("bootstrap.servers",
                kafka.bootstrapServers(), "transaction.timeout.ms", String.valueOf(TIMEOUT_MS), "write.buffer.keys",
                writeBufferKeys), true);
    }
}
