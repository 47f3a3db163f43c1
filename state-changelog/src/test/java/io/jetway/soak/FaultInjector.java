package io.jetway.soak;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.core.JobStatus;
import com.hazelcast.jet.impl.AbstractJobProxy;
import io.jetway.testing.JetJobs;
import io.jetway.testing.KafkaBrokerProcess;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Injects one {@link SoakScenario.Fault} into a running soak job and says what it did. Each call blocks until the
 * fault is applied (a killed broker is back, a restarted job is RUNNING again); it does not wait for the job to
 * recover its output: the run's progress waits do that, with their deadline.
 */
final class FaultInjector {

    private static final Duration RUNNING_TIMEOUT = Duration.ofSeconds(90);
    // Polled this often to restart as soon as a snapshot is recorded as complete: its phase 2 (the commits) is
    // then usually still running, the case that loses output in stock Jet's Kafka sink.
    private static final Duration SNAPSHOT_POLL = Duration.ofMillis(2);

    private final SoakCluster cluster;
    private final KafkaBrokerProcess broker;
    private final SoakSettings settings;

    FaultInjector(SoakCluster cluster, KafkaBrokerProcess broker, SoakSettings settings) {
        this.cluster = cluster;
        this.broker = broker;
        this.settings = settings;
    }

    /** Applies {@code fault} to {@code job} now; returns a description of what was done, with timings. */
    String inject(SoakScenario.Fault fault, Job job) {
        long startNs = System.nanoTime();
        return switch (fault) {
            case NONE -> "none";
            case MEMBER_TERMINATE -> {
                cluster.terminateMember();
                yield "member 1 terminated (" + millisSince(startNs) + " ms until the others no longer list it)";
            }
            case MEMBER_KILL9 -> {
                cluster.killMemberProcess();
                yield "member 2 (child JVM) killed -9";
            }
            case BROKER_KILL9_RESTART -> {
                broker.kill();
                long killedNs = System.nanoTime();
                broker.restart();
                yield "broker killed -9, serving again " + millisSince(killedNs) + " ms later";
            }
            case JOB_RESTART -> {
                awaitRunning(job);
                job.restart();
                yield "job.restart() (graceful)";
            }
            case FORCEFUL_RESTARTS -> forcefulRestarts(job);
        };
    }

    // Each round: wait for RUNNING, then for the next completed snapshot, then restart without a terminal snapshot.
    private String forcefulRestarts(Job job) {
        HazelcastInstance member = cluster.coordinator();
        List<Long> snapshots = new ArrayList<>();
        for (int i = 0; i < settings.forcefulRestarts(); i++) {
            awaitRunning(job);
            long before = JetJobs.lastSnapshotId(member, job);
            JetJobs.awaitWhileRunning(job, "a snapshot of job '" + job.getName() + "' newer than " + before,
                            settings.progressDeadline())
                   .pollInSameThread().pollDelay(Duration.ZERO).pollInterval(SNAPSHOT_POLL)
                   .until(() -> JetJobs.lastSnapshotId(member, job) > before);
            ((AbstractJobProxy<?, ?>) job).restart(false);
            snapshots.add(JetJobs.lastSnapshotId(member, job));
        }
        awaitRunning(job);
        return settings.forcefulRestarts() + " forceful restarts, right after snapshots " + snapshots;
    }

    private static void awaitRunning(Job job) {
        JetJobs.awaitWhileRunning(job, "job '" + job.getName() + "' RUNNING", RUNNING_TIMEOUT)
               .pollInterval(Duration.ofMillis(20))
               .until(() -> job.getStatus() == JobStatus.RUNNING);
    }

    private static long millisSince(long startNs) {
        return (System.nanoTime() - startNs) / 1_000_000;
    }
}
