package io.jetway.soak;

import io.jetway.testing.KafkaExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The short fault soak of the default build: Kafka → Jetway (a running count and sum per account, 1,000
 * accounts, 4 partitions, 3 members, EXACTLY_ONCE, snapshots every 500 ms) → Jetway's exactly-once Kafka sink,
 * read {@code read_committed}. Six runs: each fault once (none, member terminate, member kill -9, broker kill -9
 * and restart, {@code job.restart()}, forceful restarts right after snapshots), rotated over aligned and
 * keyed-edge mode, {@code heap} and {@code kafka-changelog}, batch and live input by a seed printed in the
 * table ({@code -Djetway.soak.seed=S} repeats the rotation). Fails on any run with lost, duplicated, out-of-order
 * or wrong-state output, a stall or a failure; the table is in the message and in {@code target/soak/}.
 * The full soak: {@link FaultSoakFullTest}.
 */
class FaultSoakTest {

    @RegisterExtension
    static final KafkaExtension KAFKA = KafkaExtension.childProcess();

    @Test
    void shouldFindNoAnomalyInARotationOfEveryFault() {
        long seed = SoakPlan.masterSeed();
        List<SoakScenario> plan = SoakPlan.rotation(seed);
        SoakTable table = SoakDriver.run("fault-soak-ci", "Fault soak (short), master seed " + seed, plan,
                SoakSettings.ci(), KAFKA.brokerProcess());
        assertThat(table.results()).as("runs").hasSize(plan.size());
        assertThat(table.anomalous()).as(table.render()).isEmpty();
    }
}
