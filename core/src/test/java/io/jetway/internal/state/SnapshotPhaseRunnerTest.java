package io.jetway.internal.state;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@link SnapshotPhaseRunner#close()} tells whether the phase thread stopped. */
class SnapshotPhaseRunnerTest {

    @Test
    void shouldReportThatAnInterruptiblePhaseStopped() throws Exception {
        SnapshotPhaseRunner runner = SnapshotPhaseRunner.offThread("test-phase", 10_000);
        CountDownLatch started = new CountDownLatch(1);
        runner.start(() -> {
            started.countDown();
            new CountDownLatch(1).await();                       // until interrupted
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(runner.close()).as("phase thread stopped").isTrue();
    }

    /**
     * Purpose: a phase that ignores the interrupt (as a Kafka flush may) outlives close(). Pass: close()
     * returns false, so the caller knows the backend may still be in use.
     */
    @Test
    void shouldReportAPhaseThatIgnoresTheInterrupt() throws Exception {
        SnapshotPhaseRunner runner = SnapshotPhaseRunner.offThread("test-phase", 200);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        runner.start(() -> {
            started.countDown();
            while (true) {
                try {
                    release.await();
                    return;
                } catch (InterruptedException ignored) {
                    // keeps running, as a phase stuck in a non-interruptible call would
                }
            }
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(runner.close()).as("phase thread stopped").isFalse();

        release.countDown();
        await().untilAsserted(() -> assertThat(runner.isDone()).isTrue());
    }

    @Test
    void shouldReportNothingRunningForInlinePhases() throws Exception {
        assertThat(SnapshotPhaseRunner.inline().close()).isTrue();
    }
}
