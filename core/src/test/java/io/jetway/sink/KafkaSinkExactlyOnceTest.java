package io.jetway.sink;

import com.hazelcast.jet.Job;
import io.jetway.KafkaSinkConfig;
import io.jetway.KafkaSourceConfig;
import io.jetway.testing.HazelcastCluster;
import io.jetway.testing.KafkaBroker;
import io.jetway.testing.KafkaTestData;
import io.jetway.testing.SharedKafka;
import io.jetway.testing.eos.EosInput;
import io.jetway.testing.eos.EosReport;
import io.jetway.testing.eos.ExactlyOnceChecker;
import io.jetway.testing.eos.StateModel;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The transactional sink without faults: every output exactly once, visible only once committed. */
class KafkaSinkExactlyOnceTest {

    private final KafkaBroker kafka = SharedKafka.get();

    @Test
    void shouldWriteEveryOutputOnceWithoutFaults() {
        String input = KafkaTestData.uniqueTopic("eos-in");
        String output = KafkaTestData.uniqueTopic("eos-out");
        kafka.createTopic(input, 4);
        kafka.createTopic(output, 4);
        EosInput events = EosInput.generate(100, 5_000, 1);
        try (HazelcastCluster cluster = HazelcastCluster.start(2);
             ExactlyOnceChecker checker = new ExactlyOnceChecker(kafka, output, events, StateModel.count())) {
            Job job = cluster.member(0).getJet().newJob(EosPipeline.build(
                    KafkaSourceConfig.builder(kafka.bootstrapServers()).topics(input).build(),
                    KafkaSinkConfig.builder(kafka.bootstrapServers()).topic(output).build(),
                    StateModel.count(), null), EosPipeline.exactlyOnce("sink-no-faults", 200));
            events.produce(kafka, input);
            checker.awaitAllCommitted(Duration.ofSeconds(60), job);
            job.cancel();
            EosReport report = checker.check();
            assertThat(report.isExactlyOnce()).as(report.toString()).isTrue();
            assertThat(report.abortedRead()).as(report.toString()).isZero();
        }
    }
}
