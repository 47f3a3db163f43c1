package io.jetway.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;

import com.hazelcast.jet.JetException;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.core.JobStatus;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.ServiceFactories;
import com.hazelcast.jet.pipeline.Sinks;
import com.hazelcast.jet.pipeline.test.TestSources;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every wait on a job stops as soon as the job ends in a status other than the awaited one, with the job's
 * own failure, long before the wait's 60 s deadline.
 */
class JetJobsTest {

    @RegisterExtension
    static final HazelcastClusterExtension HAZELCAST = HazelcastClusterExtension.of(1);

    // The waits time out after 60 s; a wait that stops when the job ends takes a fraction of that.
    private static final Duration WELL_BEFORE_THE_WAITS_TIMEOUT = Duration.ofSeconds(30);

    @Test
    void shouldStopWaitingForRunningWithTheFailureOfAJobThatFailsAtStart() {
        Job job = submit(failingAtStart(), "fails-at-start");

        long startNs = System.nanoTime();
        Throwable thrown = catchThrowable(() -> JetJobs.awaitRunning(job));

        assertThat(Duration.ofNanos(System.nanoTime() - startNs)).isLessThan(WELL_BEFORE_THE_WAITS_TIMEOUT);
        assertThat(thrown).isInstanceOf(TerminalFailureException.class)
                          .hasMessageContaining("job 'fails-at-start' ended FAILED")
                          .hasMessageContaining("the service refused to start")
                          .hasRootCauseInstanceOf(JetException.class);
    }

    @Test
    void shouldStopWaitingForAStatusWhenTheJobEndsInAnother() {
        Job job = submit(completing(), "completes");

        long startNs = System.nanoTime();
        Throwable thrown = catchThrowable(() -> JetJobs.awaitStatus(job, JobStatus.SUSPENDED));

        assertThat(Duration.ofNanos(System.nanoTime() - startNs)).isLessThan(WELL_BEFORE_THE_WAITS_TIMEOUT);
        assertThat(thrown).isInstanceOf(TerminalFailureException.class).hasMessage("job 'completes' ended COMPLETED");
    }

    @Test
    void shouldReturnWhenTheJobEndsInTheAwaitedStatus() {
        Job job = submit(failingAtStart(), "awaited-failure");

        JetJobs.awaitStatus(job, JobStatus.FAILED);

        assertThat(job.getStatus()).isEqualTo(JobStatus.FAILED);
    }

    @Test
    void shouldStopAWaitForProgressWithTheJobsFailure() {
        Job job = submit(failingAtStart(), "no-progress");

        long startNs = System.nanoTime();
        Throwable thrown = catchThrowable(() -> JetJobs.awaitWhileRunning(job, "progress that never comes",
                Duration.ofSeconds(60)).until(() -> false));

        assertThat(Duration.ofNanos(System.nanoTime() - startNs)).isLessThan(WELL_BEFORE_THE_WAITS_TIMEOUT);
        assertThat(thrown).isInstanceOf(TerminalFailureException.class)
                          .hasMessageContaining("job 'no-progress' ended FAILED")
                          .hasRootCauseInstanceOf(JetException.class);
    }

    private static Job submit(Pipeline pipeline, String name) {
        return HAZELCAST.cluster().member(0).getJet().newJob(pipeline,
                new JobConfig().setName(name));
    }

    // A service whose creation throws: the job fails while it starts and is never RUNNING.
    private static Pipeline failingAtStart() {
        Pipeline pipeline = Pipeline.create();
        pipeline.readFrom(TestSources.items(1, 2, 3))
                .mapUsingService(ServiceFactories.sharedService(context -> {
                    throw new IllegalStateException("the service refused to start");
                }), (service, item) -> item)
                .writeTo(Sinks.noop());
        return pipeline;
    }

    private static Pipeline completing() {
        Pipeline pipeline = Pipeline.create();
        pipeline.readFrom(TestSources.items(1, 2, 3)).writeTo(Sinks.noop());
        return pipeline;
    }
}
