package io.jetway.internal.kafka;

import com.hazelcast.jet.core.EventTimePolicy;
import com.hazelcast.jet.core.test.TestOutbox;
import com.hazelcast.jet.core.test.TestProcessorContext;
import io.jetway.KafkaSourceConfig;
import io.jetway.spi.codec.RecordDecoder;
import io.jetway.testing.KafkaBroker;
import io.jetway.testing.KafkaTestData;
import io.jetway.testing.SharedKafka;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A new partition is discovered while the source holds a batch it has only partly emitted (the one-slot
 * outbox refused an item). Taking the new partition must not move the partitions it already reads back
 * behind the records still in hand, else the next poll returns them again and they are emitted twice.
 */
class LayoutChangeMidBatchTest {

    private static final int RECORDS = 50;

    private final KafkaBroker kafka = SharedKafka.get();

    @Test
    void shouldEmitEveryRecordOnceWhenAPartitionIsAddedMidBatch() throws Exception {
        String topic = KafkaTestData.uniqueTopic("layout-mid-batch");
        kafka.createTopic(topic, 1);
        KafkaTestData.produce(kafka, topic, 0,
                IntStream.range(0, RECORDS).mapToObj(Integer::toString).collect(Collectors.toList()));
        KafkaSourceConfig config = KafkaSourceConfig.builder(kafka.bootstrapServers()).topics(topic)
                                                    .partitionDiscoveryInterval(Duration.ofMillis(100)).build();
        RecordDecoder<String> coordinates = (key, value, context) -> context.partition() + "@" + context.offset();
        List<String> emitted = new ArrayList<>();
        try (PartitionDiscovery discovery = PartitionDiscovery.start(config, "layout-mid-batch-test")) {
            KafkaZeroCopySourceP<String> source = new KafkaZeroCopySourceP<>(config, coordinates,
                    EventTimePolicy.noEventTime(), discovery, Map.of(), KafkaConsumerFactory.KAFKA);
            TestOutbox outbox = new TestOutbox(new int[] {1}, 16);
            source.init(outbox, new TestProcessorContext().setTotalParallelism(1).setGlobalProcessorIndex(0));
            try {
                // the first batch: the one-slot outbox takes its first item and refuses the second, so the
                // source holds the rest of the batch
                await("the first item of partition 0 in the outbox").atMost(Duration.ofSeconds(30)).until(() -> {
                    source.complete();
                    return !outbox.queue(0).isEmpty();
                });

                // a partition is added while the batch is in hand; the source sees it at its next complete()
                kafka.addPartitions(topic, 2);
                await("discovery sees 2 partitions of " + topic).atMost(Duration.ofSeconds(30))
                        .until(() -> discovery.current().partitionCounts().get(topic) == 2);
                KafkaTestData.produce(kafka, topic, 1, List.of("new"));
                // partition 0 is read in order: once this one is out, any re-read of 0..RECORDS-1 is out too
                KafkaTestData.produce(kafka, topic, 0, List.of("last"));

                String lastOfPartition0 = "0@" + RECORDS;
                await("records " + lastOfPartition0 + " and 1@0 emitted").atMost(Duration.ofSeconds(60)).until(() -> {
                    outbox.drainQueueAndReset(0, emitted, false);
                    source.complete();
                    return emitted.contains(lastOfPartition0) && emitted.contains("1@0");
                });
                outbox.drainQueueAndReset(0, emitted, false);
            } finally {
                source.close();
            }
        }

        List<String> expected = IntStream.rangeClosed(0, RECORDS).mapToObj(o -> "0@" + o).collect(Collectors.toList());
        expected.add("1@0");
        assertThat(emitted).as("every (partition@offset) emitted exactly once").doesNotHaveDuplicates()
                           .containsExactlyInAnyOrderElementsOf(expected);
    }
}
