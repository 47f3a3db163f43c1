package io.jetway;

import com.hazelcast.collection.IList;
import com.hazelcast.function.SupplierEx;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.aggregate.AggregateOperations;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.datamodel.WindowResult;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.Sinks;
import com.hazelcast.jet.pipeline.StreamSource;
import com.hazelcast.jet.pipeline.WindowDefinition;
import io.jetway.spi.codec.RecordDecoder;
import io.jetway.testing.HazelcastClusterExtension;
import io.jetway.testing.JetJobs;
import io.jetway.testing.KafkaBroker;
import io.jetway.testing.KafkaTestData;
import io.jetway.testing.SharedKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Watermarks come from the Kafka record timestamps per partition; a partition that gets no records,
 * or only records the decoder filters out, goes idle and does not hold back the windows (the case of
 * Hazelcast issue #20740).
 */
class KafkaSourceWatermarkTest {

    @RegisterExtension
    static final HazelcastClusterExtension HZ = HazelcastClusterExtension.of(2);

    private static final long IDLE_TIMEOUT_MS = 3_000;

    private final KafkaBroker kafka = SharedKafka.get();

    /** Drops values starting with "skip". */
    private static final SupplierEx<RecordDecoder<String>> SKIPPING = () ->
            (ByteBuffer key, ByteBuffer value, io.jetway.spi.codec.RecordContext ctx) -> {
                String s = UTF_8.decode(value).toString();
                return s.startsWith("skip") ? null : s;
            };

    @Test
    void shouldCloseWindowWhenOnePartitionIsEmptyAndAnotherFullyFiltered() throws Exception {
        String topic = KafkaTestData.uniqueTopic("watermark");
        kafka.createTopic(topic, 4);   // partition 3 never gets a record
        String listName = "windows-" + topic;

        StreamSource<String> source = JetwaySources.kafka(
                KafkaSourceConfig.builder(kafka.bootstrapServers()).topics(topic).build(), SKIPPING)
                .setPartitionIdleTimeout(IDLE_TIMEOUT_MS);
        Pipeline pipeline = Pipeline.create();
        pipeline.readFrom(source)
                .withNativeTimestamps(0)
                .window(WindowDefinition.tumbling(1_000))
                .aggregate(AggregateOperations.counting())
                .writeTo(Sinks.list(listName));
        Job job = HZ.cluster().member(0).getJet().newJob(pipeline, new JobConfig().setName(listName));
        try {
            JetJobs.awaitRunning(job);
            // All records are written within a fraction of the idle timeout, so that no partition with data
            // goes idle before its late record has moved its event time past the window: an idle partition's
            // records could otherwise arrive after the others' watermark and be dropped as late, as Jet
            // intends. Partitions 2 (only filtered records) and 3 (none) must then go idle and let it close.
            TestRecords.produceTimed(kafka, topic, 0, append(values("a", 10), "late-a"), append(timestamps(1_000, 10), 3_500));
            TestRecords.produceTimed(kafka, topic, 1, append(values("b", 5), "late-b"), append(timestamps(1_500, 5), 3_500));
            TestRecords.produceTimed(kafka, topic, 2, values("skip", 20), timestamps(1_000, 20));

            IList<WindowResult<Long>> windows = HZ.cluster().member(0).getList(listName);
            await("window [1000, 2000) emitted to list " + listName).atMost(Duration.ofSeconds(60))
                    .until(() -> List.copyOf(windows).stream().anyMatch(w -> w.start() == 1_000));
            WindowResult<Long> first = List.copyOf(windows).stream().filter(w -> w.start() == 1_000).findFirst()
                                           .orElseThrow();
            assertThat(first.result()).as("records in window [1000, 2000)").isEqualTo(15L);
            assertThat(first.end()).isEqualTo(2_000);
        } finally {
            job.cancel();
        }
    }

    private static String[] append(String[] values, String last) {
        String[] all = java.util.Arrays.copyOf(values, values.length + 1);
        all[values.length] = last;
        return all;
    }

    private static long[] append(long[] values, long last) {
        long[] all = java.util.Arrays.copyOf(values, values.length + 1);
        all[values.length] = last;
        return all;
    }

    private static String[] values(String prefix, int count) {
        String[] values = new String[count];
        for (int i = 0; i < count; i++) {
            values[i] = prefix + i;
        }
        return values;
    }

    private static long[] timestamps(long start, int count) {
        long[] ts = new long[count];
        for (int i = 0; i < count; i++) {
            ts[i] = start + i;
        }
        return ts;
    }
}
