package io.jetway.benchmarks.e2e;

import com.hazelcast.jet.Job;
import com.hazelcast.jet.core.JobStatus;
import com.hazelcast.jet.core.metrics.JobMetrics;
import com.hazelcast.jet.core.metrics.MetricTags;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * Restarts a job whose stateful vertex uses the {@code kafka-changelog} backend and reads, from the job's
 * metrics ({@code changelog.restore.*}, reported by every processor), how long the backend's restore of the
 * changelog took and how many records it applied. {@code Job.restart()} takes a terminal snapshot and
 * restores from it, so the backend reads its whole changelog range.
 */
final class RestoreProbe {

    /** Accept any number of restored records. */
    static final long ANY_COUNT = -1;
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    /** A restore: the longest processor restore (they run in parallel) and the records applied by all. */
    record Restore(long millis, long records) {
        /** Records per second; the backend reports whole milliseconds, so tiny restores are coarse. */
        double rate() {
            return records * 1000.0 / Math.max(1, millis);
        }
    }

    private RestoreProbe() {
    }

    /**
     * Restarts {@code job} and waits until its new execution restored; fails unless it applied
     * {@code expectedRecords} changelog records ({@link #ANY_COUNT}: any number).
     */
    static Restore restartAndMeasure(Job job, long expectedRecords) {
        Set<String> oldExecutions = executions(job.getMetrics());
        job.restart();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            if (System.nanoTime() - deadline > 0 || job.getStatus() == JobStatus.FAILED) {
                throw new IllegalStateException("restore of job '" + job.getName() + "' not done within " + TIMEOUT
                        + " (status " + job.getStatus() + "): " + job.getMetrics().filter(m ->
                        m.metric().startsWith("changelog.restore")));
            }
            LockSupport.parkNanos(100_000_000);
            JobMetrics metrics = job.getMetrics();
            JobMetrics fresh = metrics.filter(m -> !oldExecutions.contains(m.tag(MetricTags.EXECUTION)));
            List<com.hazelcast.jet.core.metrics.Measurement> partitions = fresh.get("changelog.restore.partitions");
            List<com.hazelcast.jet.core.metrics.Measurement> done = fresh.get("changelog.restore.partitionsDone");
            if (partitions.isEmpty() || sum(partitions) == 0 || sum(done) < sum(partitions)) {
                continue;
            }
            // partitionsDone counts up before the restore's duration is set: wait for every processor's duration
            List<com.hazelcast.jet.core.metrics.Measurement> durations = fresh.get("changelog.restore.millis");
            if (durations.size() < partitions.size() || min(durations) == 0) {
                continue;
            }
            long records = sum(fresh.get("changelog.restore.records"));
            long millis = max(durations);
            if (expectedRecords != ANY_COUNT && records != expectedRecords) {
                throw new IllegalStateException("restore of job '" + job.getName() + "' applied " + records
                        + " changelog records; the restore before applied " + expectedRecords);
            }
            return new Restore(millis, records);
        }
    }

    /** The execution ids {@code metrics} come from. */
    static Set<String> executions(JobMetrics metrics) {
        Set<String> ids = new HashSet<>();
        for (String name : metrics.metrics()) {
            for (com.hazelcast.jet.core.metrics.Measurement m : metrics.get(name)) {
                ids.add(m.tag(MetricTags.EXECUTION));
            }
        }
        return ids;
    }

    private static long sum(List<com.hazelcast.jet.core.metrics.Measurement> ms) {
        long sum = 0;
        for (com.hazelcast.jet.core.metrics.Measurement m : ms) {
            sum += m.value();
        }
        return sum;
    }

    private static long min(List<com.hazelcast.jet.core.metrics.Measurement> ms) {
        long min = Long.MAX_VALUE;
        for (com.hazelcast.jet.core.metrics.Measurement m : ms) {
            min = Math.min(min, m.value());
        }
        return min;
    }

    private static long max(List<com.hazelcast.jet.core.metrics.Measurement> ms) {
        long max = 0;
        for (com.hazelcast.jet.core.metrics.Measurement m : ms) {
            max = Math.max(max, m.value());
        }
        return max;
    }
}
