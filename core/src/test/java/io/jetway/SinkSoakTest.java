package io.jetway;

import com.hazelcast.jet.Job;
import com.hazelcast.jet.core.JobStatus;
import io.jetway.testing.HazelcastCluster;
import io.jetway.testing.JetJobs;
import io.jetway.testing.KafkaBrokerProcess;
import io.jetway.testing.eos.EosReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A longer randomized run with several faults of every kind, for the {@code soak} Maven profile only
 * ({@code mvn test -pl core -Psoak -Dtest=SinkSoakTest}; not in CI): the input is produced in chunks and
 * between chunks a random fault hits the job (member terminated or added, failures between the snapshot
 * phases, job restart, suspend and resume, broker killed with SIGKILL and restarted, or nothing). Pass: the
 * exactly-once checker finds nothing lost, duplicated, out of order or in a wrong state.
 * <p>
 * {@code -Djetway.soak.minutes=N} (default 3) sets the duration, {@code -Djetway.soak.seed=S} repeats a run.
 */
@EnabledIfSystemProperty(named = "jetway.soak", matches = "true")
class SinkSoakTest {

    private enum Fault {
        NOTHING, TERMINATE_MEMBER, ADD_MEMBER, FAIL_BETWEEN_PHASES, RESTART_JOB, SUSPEND_RESUME, KILL_BROKER
    }

    private static final int EVENTS = 1_000_000;

    @Test
    void shouldStayExactlyOnceUnderRandomFaults() {
        long minutes = Long.getLong("jetway.soak.minutes", 3);
        long seed = Long.getLong("jetway.soak.seed", System.nanoTime());
        Random random = new Random(seed);
        System.out.println("SOAK seed " + seed + ", " + minutes + " min");
        List<String> log = new ArrayList<>();
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start();
             SinkScenario scenario = new SinkScenario(broker, "soak", 500, EVENTS);
             HazelcastCluster cluster = HazelcastCluster.start(3, c -> c.getJetConfig().setScaleUpDelayMillis(1_000))) {
            Job job = scenario.submit(cluster, 500, sink -> sink.transactionTimeout(Duration.ofMinutes(2)));
            long deadlineNs = System.nanoTime() + Duration.ofMinutes(minutes).toNanos();
            int produced = 0;
            while (System.nanoTime() - deadlineNs < 0 && produced < EVENTS - 20_000) {
                int chunk = 2_000 + random.nextInt(18_000);
                scenario.produceNext(chunk);
                produced += chunk;
                Fault fault = Fault.values()[random.nextInt(Fault.values().length)];
                log.add(fault + " after " + produced + " events");
                System.out.println("SOAK " + log.get(log.size() - 1));
                inject(fault, random, scenario, cluster, broker, job);
                scenario.awaitProducedCommitted();
            }
            EosReport report = scenario.finish();
            System.out.println("SOAK faults: " + log);
            assertThat(report.lost()).as(report.toString()).isZero();
            assertThat(report.duplicated()).as(report.toString()).isZero();
            report.assertExactlyOnce();
        }
    }

    private static void inject(Fault fault, Random random, SinkScenario scenario, HazelcastCluster cluster,
                               KafkaBrokerProcess broker, Job job) {
        switch (fault) {
            case NOTHING -> { }
            case TERMINATE_MEMBER -> {
                if (cluster.members().size() > 1) {
                    cluster.terminate(1 + random.nextInt(cluster.members().size() - 1));
                }
            }
            case ADD_MEMBER -> {
                if (cluster.members().size() < 3) {
                    cluster.addMember();
                }
            }
            case FAIL_BETWEEN_PHASES -> scenario.faults.failPhase2(1 + random.nextInt(3));
            case RESTART_JOB -> {
                JetJobs.awaitRunning(job);
                job.restart();
            }
            case SUSPEND_RESUME -> {
                JetJobs.awaitRunning(job);
                job.suspend();
                // the terminal snapshot waits for a sink that is still recovering from the previous fault
                await("job '" + job.getName() + "' SUSPENDED").atMost(SinkScenario.AWAIT)
                        .pollInterval(Duration.ofMillis(50)).until(() -> job.getStatus() == JobStatus.SUSPENDED);
                job.resume();
            }
            case KILL_BROKER -> {
                broker.kill();
                broker.restart();
            }
            default -> throw new IllegalStateException(String.valueOf(fault));
        }
    }
}
