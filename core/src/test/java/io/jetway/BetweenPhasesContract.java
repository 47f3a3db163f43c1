package io.jetway;

import io.jetway.testing.HazelcastCluster;
import io.jetway.testing.KafkaBroker;
import io.jetway.testing.eos.EosReport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job fails between snapshot phase 1 and phase 2 many times in one run: right after Jet recorded a
 * snapshot as successful, before the sink commits its transaction ({@link FaultInjectingP} throws a
 * {@code RestartableException} in {@code snapshotCommitFinish}, in every sink processor or in one). The
 * restarted job must commit the restored snapshot's transactions, which transaction protocol 2 (KIP-890)
 * ends with an epoch one higher than the one the snapshot recorded at phase 1. Run once per protocol version.
 */
abstract class BetweenPhasesContract {

    private static final int FAILURES = 6;
    private static final int CHUNK = 1_000;

    abstract KafkaBroker broker();

    abstract int transactionVersion();

    @Test
    void shouldLoseAndDuplicateNothingWhenTheJobFailsBetweenThePhasesManyTimes() {
        try (SinkScenario scenario = new SinkScenario(broker(), "between-phases-v" + transactionVersion(), 100,
                (FAILURES + 4) * CHUNK);
             HazelcastCluster cluster = HazelcastCluster.start(2)) {
            scenario.faults.failPhase2(FAILURES);
            scenario.submit(cluster, 200, sink -> sink);
            while (scenario.faults.phase2FailuresInjected() < FAILURES) {
                scenario.produceNext(CHUNK);
                scenario.awaitProducedCommitted();
            }
            EosReport report = scenario.finish();
            assertThat(report.lost()).as(report.toString()).isZero();
            assertThat(report.duplicated()).as(report.toString()).isZero();
            assertThat(report.isExactlyOnce()).as(report.toString()).isTrue();
            assertThat(scenario.faults.phase2FailuresInjected()).isEqualTo(FAILURES);
        }
    }
}
