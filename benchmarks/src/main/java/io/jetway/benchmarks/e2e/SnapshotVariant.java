package io.jetway.benchmarks.e2e;

import com.hazelcast.jet.Job;
import com.hazelcast.jet.core.JobStatus;
import com.hazelcast.jet.core.metrics.MetricTags;
import io.jetway.testing.HazelcastCluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Snapshot cost by state size: the exactly-once count job ({@link CountJob}) reads an input with one record
 * per key ({@code keys} records), so its state holds {@code keys} keys; once all are counted the job keeps
 * running idle and takes a snapshot every {@code snapshotIntervalMs}. After a warm-up of at least the
 * warm-up time, the median of {@value #SNAPSHOTS} snapshots' duration and size is reported. With the
 * {@code kafka-changelog} backend the restore is measured after that ({@link ChangelogRestoreStep}); with
 * {@code heap} a restart checks that the snapshot restores every key.
 */
final class SnapshotVariant implements Variant {

    static final int SNAPSHOTS = 3;

    private final String backend;
    private HazelcastCluster cluster;
    private String bootstrap;
    private String changelogTopic;

    SnapshotVariant(String backend) {
        this.backend = backend;
    }

    @Override
    public Measurement run(VariantSettings s) {
        bootstrap = s.bootstrap();
        cluster = JetRuns.cluster(1);
        String name = s.variant() + "-" + System.currentTimeMillis();
        changelogTopic = name + "-changelog";
        CountingSinkP.PROGRESS.reset();
        Job job = cluster.member(0).getJet().newJob(
                CountJob.countDag(s.bootstrap(), s.topic(), CountJob.state(backend, s.bootstrap(), changelogTopic)),
                CountJob.exactlyOnce(name, s.snapshotIntervalMs()));
        JetRuns.awaitCount(job, CountingSinkP.PROGRESS.count::get, s.records(), "records counted");
        long countedAtMs = System.currentTimeMillis();
        Measurement counted = CountingSinkP.PROGRESS.measurement(s.variant());

        List<SnapshotProbe.Snapshot> snapshots = new SnapshotProbe(cluster.member(0), job)
                .warmUpThenMeasure(countedAtMs, s.warmupNanos(), SNAPSHOTS);
        List<Measurement.Metric> metrics = new ArrayList<>();
        metrics.add(new Measurement.Metric("snapshot_ms", "ms",
                median(snapshots, Comparator.comparingLong(SnapshotProbe.Snapshot::durationMs)).durationMs()));
        metrics.add(new Measurement.Metric("snapshot_bytes", "bytes",
                median(snapshots, Comparator.comparingLong(SnapshotProbe.Snapshot::bytes)).bytes()));
        metrics.add(new Measurement.Metric("snapshot_entries", "entries",
                median(snapshots, Comparator.comparingLong(SnapshotProbe.Snapshot::keys)).keys()));
        if (backend.equals("changelog")) {
            metrics.addAll(ChangelogRestoreStep.measure(job, s.bootstrap(), changelogTopic, s.records(),
                    s.warmupSeconds() > 0));
        } else {
            verifyHeapRestore(job, s.records());
            JetRuns.cancel(job);
        }
        return new Measurement(s.variant(), counted.records(), counted.checksum(), metrics);
    }

    // The heap backend's snapshot holds the whole state: a restart restores every key from it (the metric
    // stateKeys sums the keys of all processors of the new execution).
    private static void verifyHeapRestore(Job job, long keys) {
        Set<String> oldExecutions = RestoreProbe.executions(job.getMetrics());
        job.restart();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        long restored = -1;
        while (System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
            if (job.getStatus() != JobStatus.RUNNING) {
                continue;
            }
            restored = 0;
            for (com.hazelcast.jet.core.metrics.Measurement m : job.getMetrics().get("stateKeys")) {
                if (!oldExecutions.contains(m.tag(MetricTags.EXECUTION))) {
                    restored += m.value();
                }
            }
            if (restored == keys) {
                System.err.println(job.getName() + ": restart restored all " + keys + " keys from the heap snapshot");
                return;
            }
        }
        throw new IllegalStateException("the heap backend restored " + restored + " of " + keys + " keys after a "
                + "restart of job '" + job.getName() + "'");
    }

    private static SnapshotProbe.Snapshot median(List<SnapshotProbe.Snapshot> snapshots,
                                                 Comparator<SnapshotProbe.Snapshot> order) {
        List<SnapshotProbe.Snapshot> sorted = new ArrayList<>(snapshots);
        sorted.sort(order);
        return sorted.get(sorted.size() / 2);
    }

    @Override
    public void close() {
        if (cluster != null) {
            cluster.close();
        }
        if (bootstrap != null && backend.equals("changelog")) {
            ChangelogReader.deleteTopics(bootstrap, List.of(changelogTopic));
        }
    }
}
