package io.jetway.state.changelog;

import io.jetway.spi.state.StateBackend;
import io.jetway.testing.KafkaBroker;
import io.jetway.testing.KafkaTestData;
import io.jetway.testing.SharedKafka;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.jetway.state.changelog.ChangelogExactlyOnceContract.putRange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A cooperative processor runs the snapshot phases on a thread of its own; when that thread does not stop
 * in time, {@code close()} comes while a phase call still runs. The off-heap state must outlive that call.
 */
class ChangelogCloseDuringPhaseTest {

    private final KafkaBroker kafka = SharedKafka.get();

    /**
     * Purpose: close() while phase 1 runs on another thread (a phase thread that ignored the interrupt).
     * Steps: changes; phase 1 on a thread of the test, held inside (in the snapshot writer); close() on the
     * test thread; then let phase 1 return. Pass: the off-heap state is still allocated after close() while
     * phase 1 runs, and freed once it returned; later phase calls are refused.
     */
    @Test
    void shouldFreeTheOffHeapStateOnlyWhenTheRunningPhaseReturns() throws Exception {
        long baseline = OffHeapMemory.reservedBytesInJvm();
        SimulatedJob job = new SimulatedJob(KafkaTestData.uniqueTopic("close-during-phase"), 4,
                Map.of("bootstrap.servers", kafka.bootstrapServers(), "transaction.timeout.ms", "60000"), true);
        SimulatedJob.Execution execution = job.start(1);
        StateBackend<String, Long> backend = execution.backends().get(0);
        putRange(execution, "k", 0, 1_000, 1);
        CountDownLatch inPhase = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> phase = CompletableFuture.runAsync(() -> {
            try {
                backend.prepareSnapshot(1, (partition, key, value) -> {
                    inPhase.countDown();
                    awaitUninterruptibly(release);
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(inPhase.await(60, TimeUnit.SECONDS)).as("phase 1 reached the snapshot writer").isTrue();

        execution.close();

        assertThat(OffHeapMemory.reservedBytesInJvm()).as("off-heap bytes after close(), phase 1 still running")
                                                     .isGreaterThan(baseline);
        release.countDown();
        phase.get(60, TimeUnit.SECONDS);
        await("the off-heap state freed once phase 1 returned").atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(OffHeapMemory.reservedBytesInJvm()).isEqualTo(baseline));
        assertThatThrownBy(() -> backend.prepareSnapshot(2, (partition, key, value) -> { }))
                .hasMessageContaining("closed");
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                if (latch.await(60, TimeUnit.SECONDS)) {
                    break;
                }
                throw new IllegalStateException("never released");
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
