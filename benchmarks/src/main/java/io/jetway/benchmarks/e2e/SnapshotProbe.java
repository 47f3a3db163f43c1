package io.jetway.benchmarks.e2e;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.impl.JobExecutionRecord;
import com.hazelcast.jet.impl.JobRepository;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Watches a job's successful snapshots through Jet's own statistics ({@code JobExecutionRecord.SnapshotStats}
 * in the job repository: the internal record that Management Center shows): the duration Jet measures
 * from the start of a snapshot to the completion of its phase 1 (every processor saved its state and
 * prepared; phase 2, the commit, follows after it), the bytes and the entries written to the snapshot map.
 */
final class SnapshotProbe {

    private static final Duration TIMEOUT_PER_SNAPSHOT = Duration.ofMinutes(5);

    /** One successful snapshot. */
    record Snapshot(long id, long startMs, long durationMs, long bytes, long keys) {
    }

    private final JobRepository repository;
    private final Job job;
    private long lastSeenId = -1;

    SnapshotProbe(HazelcastInstance member, Job job) {
        this.repository = new JobRepository(member);
        this.job = job;
    }

    /** The next successful snapshot that started at or after {@code notBeforeMs} (wall clock). */
    Snapshot next(long notBeforeMs) {
        long deadline = System.nanoTime() + TIMEOUT_PER_SNAPSHOT.toNanos();
        while (true) {
            JobExecutionRecord record = repository.getJobExecutionRecord(job.getId());
            JobExecutionRecord.SnapshotStats stats = record == null ? null : record.snapshotStats();
            if (stats != null && record.snapshotId() != lastSeenId) {
                lastSeenId = record.snapshotId();
                if (stats.startTime() >= notBeforeMs) {
                    return new Snapshot(record.snapshotId(), stats.startTime(), stats.duration(), stats.numBytes(),
                            stats.numKeys());
                }
            }
            if (System.nanoTime() - deadline > 0 || job.getStatus().isTerminal()) {
                throw new IllegalStateException("no snapshot of job '" + job.getName() + "' completed within "
                        + TIMEOUT_PER_SNAPSHOT + " (status " + job.getStatus() + ", last failure: "
                        + (record == null ? "?" : record.lastSnapshotFailure()) + ")");
            }
            LockSupport.parkNanos(10_000_000);
        }
    }

    /**
     * Snapshots that started after {@code notBeforeMs}: first those within {@code warmupNanos} (at least
     * one), then {@code count} measured ones, which it returns.
     */
    List<Snapshot> warmUpThenMeasure(long notBeforeMs, long warmupNanos, int count) {
        long end = System.nanoTime() + warmupNanos;
        int warm = 0;
        do {
            next(notBeforeMs);
            warm++;
        } while (System.nanoTime() - end < 0);
        System.err.println(job.getName() + ": " + warm + " warm-up snapshot(s)");
        List<Snapshot> measured = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Snapshot s = next(notBeforeMs);
            System.err.println(job.getName() + ": " + s);
            measured.add(s);
        }
        return measured;
    }
}
