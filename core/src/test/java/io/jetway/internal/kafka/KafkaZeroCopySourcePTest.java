package io.jetway.internal.kafka;

import com.hazelcast.jet.core.EventTimePolicy;
import com.hazelcast.jet.core.Watermark;
import com.hazelcast.jet.core.test.TestSupport;
import io.jetway.JetwaySources;
import io.jetway.KafkaSourceConfig;
import io.jetway.codec.RecordDecoders;
import io.jetway.testing.KafkaBroker;
import io.jetway.testing.KafkaTestData;
import io.jetway.testing.SharedKafka;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The source processor alone, driven by Jet's {@link TestSupport} against a real broker: a one-slot
 * outbox (backpressure on every item), a snapshot and a restore into a fresh processor between items,
 * and a check that no call blocks for longer than a cooperative call may.
 */
class KafkaZeroCopySourcePTest {

    private final KafkaBroker kafka = SharedKafka.get();

    @Test
    void shouldEmitEveryRecordExactlyOnceAcrossSnapshotRestoreAndBackpressure() {
        String topic = KafkaTestData.uniqueTopic("processor");
        kafka.createTopic(topic, 3);
        KafkaTestData.produceStrings(kafka, topic, 30, 3);
        KafkaSourceConfig config = KafkaSourceConfig.builder(kafka.bootstrapServers()).topics(topic).build();
        List<String> expected = IntStream.range(0, 30).mapToObj(Integer::toString).collect(Collectors.toList());

        TestSupport.verifyProcessor(JetwaySources.kafkaP(config, RecordDecoders.utf8String(), EventTimePolicy.noEventTime()))
                   .disableProgressAssertion()
                   .runUntilOutputMatches(60_000, 500)
                   .cooperativeTimeout(1_000)
                   .outputChecker((exp, actual) -> sortedItems(actual).equals(sortedItems(exp)))
                   .expectOutput(expected);
    }

    @Test
    void shouldReadOnlyOwnedPartitionsForItsGlobalIndex() {
        String topic = KafkaTestData.uniqueTopic("owned");
        kafka.createTopic(topic, 4);
        for (int p = 0; p < 4; p++) {
            KafkaTestData.produce(kafka, topic, p, List.of("p" + p));
        }
        KafkaSourceConfig config = KafkaSourceConfig.builder(kafka.bootstrapServers()).topics(topic).build();
        List<String> expected = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            if (PartitionOwnership.owner(topic, p, 2) == 1) {
                expected.add("p" + p);
            }
        }
        assertThat(expected).hasSize(2);

        TestSupport.verifyProcessor(JetwaySources.kafkaP(config, RecordDecoders.utf8String(), EventTimePolicy.noEventTime()))
                   .totalParallelism(2)
                   .globalProcessorIndex(1)
                   .localParallelism(1)
                   .disableSnapshots()
                   .disableProgressAssertion()
                   .runUntilOutputMatches(60_000, 1_000)
                   .outputChecker((exp, actual) -> sortedItems(actual).equals(sortedItems(exp)))
                   .expectOutput(expected);
    }

    private static List<String> sortedItems(List<?> items) {
        return items.stream().filter(o -> !(o instanceof Watermark)).map(String::valueOf).sorted()
                    .collect(Collectors.toList());
    }
}
