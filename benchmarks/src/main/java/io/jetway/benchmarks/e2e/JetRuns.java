package io.jetway.benchmarks.e2e;

import com.hazelcast.jet.Job;
import com.hazelcast.jet.core.metrics.JobMetrics;
import io.jetway.testing.HazelcastCluster;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/** Starting benchmark clusters and waiting for jobs, shared by the Jet variants. */
final class JetRuns {

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(15);

    private JetRuns() {
    }

    /** A cluster of {@code members} in this JVM, collecting metrics every second (restore progress is read from them). */
    static HazelcastCluster cluster(int members) {
        return HazelcastCluster.start(members, config -> config.getMetricsConfig().setCollectionFrequencySeconds(1));
    }

    /**
     * Waits until {@code counted} reaches {@code expected}; fails with what was awaited when the job ends or
     * 15 minutes pass first.
     */
    static void awaitCount(Job job, LongSupplier counted, long expected, String what) {
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        while (counted.getAsLong() < expected) {
            if (System.nanoTime() - deadline > 0 || job.getStatus().isTerminal()) {
                throw new IllegalStateException("job '" + job.getName() + "' is " + job.getStatus() + " after "
                        + counted.getAsLong() + " of " + expected + " " + what);
            }
            LockSupport.parkNanos(1_000_000);   // coarse: the sink timestamps the records itself
        }
    }

    /**
     * Waits until every processor of a {@code kafka-changelog} job has opened its backend (it reports
     * {@code changelog.recordsAppended} only once open), so that a measurement does not start during the open.
     */
    static void awaitChangelogOpen(Job job) {
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        while (true) {
            JobMetrics metrics = job.getMetrics();
            int processors = metrics.get("changelog.offHeapBytes").size();
            if (processors > 0 && metrics.get("changelog.recordsAppended").size() == processors) {
                return;
            }
            if (System.nanoTime() - deadline > 0 || job.getStatus().isTerminal()) {
                throw new IllegalStateException("the state backend of job '" + job.getName() + "' did not open ("
                        + job.getStatus() + ")");
            }
            LockSupport.parkNanos(100_000_000);
        }
    }

    /** Cancels {@code job} and waits until it has ended. */
    static void cancel(Job job) {
        try {
            job.cancel();
        } catch (IllegalStateException alreadyEnded) {
            return;
        }
        try {
            job.join();
        } catch (Exception expected) {
            // CancellationException: what we asked for
        }
    }
}
