package io.jetway.testing;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.core.JobStatus;
import com.hazelcast.jet.core.metrics.Measurement;
import com.hazelcast.jet.impl.JobExecutionRecord;
import com.hazelcast.jet.impl.JobRepository;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;

import org.awaitility.core.ConditionFactory;

import static org.awaitility.Awaitility.await;

/** Waits on Jet jobs in tests: each wait has a deadline and says what it waited for when it times out. */
public final class JetJobs {

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private JetJobs() {
    }

    /**
     * An Awaitility wait with {@code alias} and {@code timeout} that stops at once, with the job's status and
     * failure, when {@code job} ends: a test waiting for progress of a failed job would otherwise time out
     * minutes later without saying why.
     *
     * @throws org.awaitility.core.TerminalFailureException "job 'name' ended FAILED: failure", with the
     *         job's failure in its causes, as soon as the job is seen in a terminal state
     */
    public static ConditionFactory awaitWhileRunning(Job job, String alias, Duration timeout) {
        return await(alias).atMost(timeout).failFast(() -> failIfEnded(job, null));
    }

    /**
     * Waits until {@code job} is RUNNING; fails at once, with the job's failure, when it ends first (as
     * {@link #awaitWhileRunning} does).
     */
    public static void awaitRunning(Job job) {
        awaitStatus(job, JobStatus.RUNNING);
    }

    /**
     * Waits until {@code job} has reached {@code status}; fails at once, with the job's failure, when it ends
     * in another status first (a terminal status never changes).
     */
    public static void awaitStatus(Job job, JobStatus status) {
        await("job '" + job.getName() + "' " + status).atMost(DEFAULT_TIMEOUT).pollInterval(Duration.ofMillis(20))
                .failFast(() -> failIfEnded(job, status))
                .until(() -> job.getStatus() == status);
    }

    // Fails when the job has ended, unless it ended in awaited (the status a wait is for, or null).
    private static void failIfEnded(Job job, JobStatus awaited) {
        JobStatus status = job.getStatus();
        if (status.isTerminal() && status != awaited) {
            Throwable failure = failureOf(job);
            throw new AssertionError("job '" + job.getName() + "' ended " + status
                    + (failure == null ? "" : ": " + failure), failure);
        }
    }

    private static Throwable failureOf(Job job) {
        try {
            job.getFuture().join();
            return null;
        } catch (CompletionException | CancellationException e) {
            return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        }
    }

    /** The sum over all processors and members of the job metric {@code name}, as last collected. */
    public static long sumOfMetric(Job job, String name) {
        return job.getMetrics().get(name).stream().mapToLong(Measurement::value).sum();
    }

    /**
     * Waits until the job metric {@code name}, summed over processors, reaches {@code atLeast}. Metrics are
     * collected every {@code metrics.collection-frequency-seconds}: set it low in the test's member config.
     */
    public static void awaitMetricAtLeast(Job job, String name, long atLeast) {
        awaitWhileRunning(job, "metric " + name + " of job '" + job.getName() + "' >= " + atLeast, DEFAULT_TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> sumOfMetric(job, name) >= atLeast);
    }

    /**
     * The id of the job's last completed snapshot, or -1 when none completed yet (read from Jet's
     * job execution record, which is what a restart restores from).
     */
    public static long lastSnapshotId(HazelcastInstance member, Job job) {
        JobExecutionRecord record = member.<Long, JobExecutionRecord>getMap(JobRepository.JOB_EXECUTION_RECORDS_MAP_NAME)
                                          .get(job.getId());
        return record == null ? -1 : record.snapshotId();
    }

    /** Waits until a snapshot newer than {@code afterSnapshotId} has completed; returns its id. */
    public static long awaitSnapshotAfter(HazelcastInstance member, Job job, long afterSnapshotId) {
        awaitWhileRunning(job, "a snapshot of job '" + job.getName() + "' newer than " + afterSnapshotId,
                          DEFAULT_TIMEOUT)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> lastSnapshotId(member, job) > afterSnapshotId);
        return lastSnapshotId(member, job);
    }
}
