package io.jetway.benchmarks.e2e;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.core.JobStatus;
import com.hazelcast.jet.core.metrics.JobMetrics;
import com.hazelcast.jet.core.metrics.MetricTags;
import io.jetway.testing.HazelcastCluster;
import io.jetway.testing.HazelcastMemberProcess;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code recovery-changelog-aligned-eos}, {@code recovery-changelog-eos}, {@code recovery-stock-eos}: the
 * exactly-once Kafka → keyed running count → Kafka job of {@link StartupVariant} (Jetway's aligned and
 * keyed-edge ones are {@link CountJob#countToKafkaDag}, the stock one {@link CountToKafkaJobs#stock}) on 3
 * members: one in this JVM (the oldest, so the master and the job's coordinator, and the one that submits the
 * job) and two in child JVMs
 * ({@link HazelcastCluster#startMemberProcess()}, on this JVM's class path, so the job's classes are there).
 * Every member runs part of the job. Snapshot every {@code snapshotIntervalMs}; heartbeats every
 * {@value RecoveryRun#HEARTBEAT_INTERVAL_SECONDS} s, a silent member removed after
 * {@value RecoveryRun#FAILURE_TIMEOUT_SECONDS} s, backup timeout 3 s. {@link RecoveryRun} drives the load and kills the second child
 * JVM with SIGKILL. Besides the output figures, Jetway's recovery broken down from the kill:
 * {@code detection_ms} (until this member's {@code MembershipListener} sees the member removed),
 * {@code running_again_ms} (until the job's status is {@code RUNNING} again, a new execution) and, for the
 * {@code kafka-changelog} jobs, {@code restore_ms} (the new execution's longest processor restore,
 * {@code changelog.restore.millis}); the catch-up is {@code catch_up_after_resume_ms}.
 */
final class JetRecoveryVariant implements Variant {

    private static final long TIMEOUT_NS = TimeUnit.MINUTES.toNanos(2);

    private final String kind;
    private HazelcastCluster cluster;
    private CountOutput output;
    private String bootstrap;
    private String changelog;

    /** @param kind {@code aligned}, {@code keyed} (both {@code kafka-changelog}) or {@code stock} */
    JetRecoveryVariant(String kind) {
        if (!List.of("aligned", "keyed", "stock").contains(kind)) {
            throw new IllegalArgumentException("unknown recovery job " + kind);
        }
        this.kind = kind;
    }

    /** The configuration every member gets, the child JVMs' included. */
    static void configure(Config config) {
        config.getMetricsConfig().setCollectionFrequencySeconds(1);
        config.setProperty("hazelcast.heartbeat.interval.seconds",
                Integer.toString(RecoveryRun.HEARTBEAT_INTERVAL_SECONDS));
        config.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(RecoveryRun.FAILURE_TIMEOUT_SECONDS));
        // The test members' 1 s backup timeout failed snapshots under this machine's load, and a failed snapshot
        // fails the stock connector's exactly-once sink, so the job; 3 s is still shorter than a job restart
        // (see HazelcastMemberConfigs for why that matters).
        config.setProperty("hazelcast.operation.backup.timeout.millis", "3000");
    }

    @Override
    public Measurement run(VariantSettings s) throws Exception {
        bootstrap = s.bootstrap();
        cluster = HazelcastCluster.start(1, JetRecoveryVariant::configure);
        cluster.startMemberProcess();
        HazelcastMemberProcess victim = cluster.startMemberProcess();
        HazelcastInstance local = cluster.member(0);
        output = new CountOutput(s.bootstrap());
        String name = s.variant() + "-" + System.currentTimeMillis();
        String topic = output.newTopic(name);
        changelog = name + "-changelog";
        AtomicLong killedNs = new AtomicLong();
        AtomicLong removedNs = new AtomicLong();
        AtomicLong runningAgainNs = new AtomicLong();
        local.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                removedNs.compareAndSet(0, System.nanoTime());
            }
        });
        Job job = submit(local, s, name, topic);
        job.addStatusListener(event -> {
            long now = System.nanoTime();
            if (killedNs.get() != 0) {
                System.err.printf(Locale.ROOT, "%s: %.0f ms after the kill: %s -> %s%n", name,
                        (now - killedNs.get()) / 1e6, event.getPreviousStatus(), event.getNewStatus());
                if (event.getNewStatus() == JobStatus.RUNNING) {
                    runningAgainNs.compareAndSet(0, now);
                }
            }
        });
        try {
            awaitRunning(job);
            AtomicReference<Set<String>> before = new AtomicReference<>();
            return RecoveryRun.measure(s, topic, () -> !job.getStatus().isTerminal(), () -> {
                before.set(RestoreProbe.executions(job.getMetrics()));
                long now = System.nanoTime();
                killedNs.set(now);
                victim.kill();
                return now;
            }, killNs -> breakdown(job, before.get(), killNs, removedNs.get(), runningAgainNs.get()));
        } finally {
            JetRuns.cancel(job);
        }
    }

    private Job submit(HazelcastInstance local, VariantSettings s, String name, String topic) {
        var config = CountJob.exactlyOnce(name, s.snapshotIntervalMs());
        return kind.equals("stock")
                ? local.getJet().newJob(CountToKafkaJobs.stock(s.bootstrap(), s.topic(), topic), config)
                : local.getJet().newJob(CountJob.countToKafkaDag(s.bootstrap(), s.topic(),
                        CountJob.state("changelog", s.bootstrap(), changelog), kind.equals("aligned"), topic, name),
                        config);
    }

    private void awaitRunning(Job job) {
        long start = System.nanoTime();
        while (job.getStatus() != JobStatus.RUNNING) {
            if (job.getStatus().isTerminal() || System.nanoTime() - start > TIMEOUT_NS) {
                throw new IllegalStateException("job " + job.getName() + " is " + job.getStatus());
            }
            LockSupport.parkNanos(10_000_000);
        }
        // No wait for the changelog to open (JetRuns.awaitChangelogOpen): processors without an input partition
        // never open it. The pre-failure window starts half the warm-up after the first event.
    }

    private List<Measurement.Metric> breakdown(Job job, Set<String> before, long killNs, long removedNs,
                                               long runningAgainNs) {
        List<Measurement.Metric> metrics = new ArrayList<>();
        if (removedNs != 0) {
            metrics.add(new Measurement.Metric("detection_ms", "ms", (removedNs - killNs) / 1e6));
        }
        if (runningAgainNs != 0) {
            metrics.add(new Measurement.Metric("running_again_ms", "ms", (runningAgainNs - killNs) / 1e6));
        }
        if (!kind.equals("stock")) {
            long restore = restoreMillis(job, before);
            if (restore >= 0) {
                metrics.add(new Measurement.Metric("restore_ms", "ms", restore));
            }
        }
        return metrics;
    }

    // The longest changelog restore of the executions that started after the kill; -1 if none reported one.
    private static long restoreMillis(Job job, Set<String> before) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long max = -1;
        while (System.nanoTime() - deadline < 0) {
            JobMetrics metrics = job.getMetrics();
            JobMetrics fresh = metrics.filter(m -> !before.contains(m.tag(MetricTags.EXECUTION)));
            for (var m : fresh.get("changelog.restore.millis")) {
                max = Math.max(max, m.value());
            }
            if (max > 0) {
                return max;
            }
            LockSupport.parkNanos(200_000_000);
        }
        return max;
    }

    @Override
    public void close() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (output != null) {
            output.close();
        }
        if (bootstrap != null && changelog != null && !kind.equals("stock")) {
            ChangelogReader.deleteTopics(bootstrap, List.of(changelog));
        }
    }
}
