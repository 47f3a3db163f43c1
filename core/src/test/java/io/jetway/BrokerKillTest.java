package io.jetway;

import io.jetway.testing.HazelcastCluster;
import io.jetway.testing.KafkaBrokerProcess;
import io.jetway.testing.eos.EosReport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault scenario of the broker: its JVM killed with SIGKILL mid-stream (open and prepared transactions,
 * in-flight produce requests, the transaction coordinator's state) and restarted on the same log directories.
 * Pass: the exactly-once checker finds nothing lost and nothing duplicated.
 */
class BrokerKillTest {

    @Test
    void shouldLoseAndDuplicateNothingWhenTheBrokerIsKilledAndRestarted() {
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start();
             SinkScenario scenario = new SinkScenario(broker, "broker-kill9", 100, 12_000);
             HazelcastCluster cluster = HazelcastCluster.start(2)) {
            scenario.submit(cluster, 200, sink -> sink);
            scenario.produceNext(6_000);
            scenario.checker.awaitCommittedAtLeast(3_000, SinkScenario.AWAIT, scenario.job());
            broker.kill();
            broker.restart();
            EosReport report = scenario.finish();
            assertThat(report.lost()).as(report.toString()).isZero();
            assertThat(report.duplicated()).as(report.toString()).isZero();
            report.assertExactlyOnce();
        }
    }
}
