package io.jetway.soak;

import io.jetway.testing.KafkaExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The full fault soak, for the {@code soak} profile only:
 * <pre>
 * mvn -B verify -pl state-changelog -am -Psoak -Djetway.soak.runs=20 -Dtest=FaultSoakFullTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * {@code jetway.soak.runs} runs (default 2) of every fault × mode × backend cell, batch and live input
 * alternating, 100,000 events per run; prints the table per cell (runs; lost, duplicated, order, state as
 * {@code runs (records)}; stalled; failed; median/max time to the first committed output) and writes it with
 * every run's result under {@code target/soak/}. Fails if any run had an anomaly.
 * <p>
 * Narrow it with {@code -Djetway.soak.faults=MEMBER_KILL9,BROKER_KILL9_RESTART}, {@code .modes=ALIGNED},
 * {@code .backends=kafka-changelog}, {@code .inputs=BATCH}; size it with {@code .events}, {@code .accounts},
 * {@code .restarts}, {@code .deadline.seconds}; repeat runs with {@code -Djetway.soak.seed=S} (the whole plan)
 * or {@code -Djetway.soak.replay=MEMBER_KILL9/ALIGNED/kafka-changelog/BATCH/123,...} (single runs, as the table
 * prints them).
 */
@EnabledIfSystemProperty(named = "jetway.soak", matches = "true")
class FaultSoakFullTest {

    @RegisterExtension
    static final KafkaExtension KAFKA = KafkaExtension.childProcess();

    @Test
    void shouldFindNoAnomalyInAnyRunOfAnyCell() {
        long seed = SoakPlan.masterSeed();
        int runs = Integer.getInteger("jetway.soak.runs", 2);
        List<SoakScenario> plan = SoakPlan.full(seed, runs);
        SoakTable table = SoakDriver.run("fault-soak", System.getProperty("jetway.soak.replay") != null
                ? "Fault soak, replay" : "Fault soak, " + runs + " runs per cell, master seed " + seed,
                plan, SoakSettings.full(), KAFKA.brokerProcess());
        assertThat(table.results()).as("runs").hasSize(plan.size());
        assertThat(table.anomalous()).as(table.render()).isEmpty();
    }
}
