package io.jetway;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.aggregate.AggregateOperations;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.config.ProcessingGuarantee;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.Sinks;
import com.hazelcast.jet.pipeline.StreamStage;
import com.hazelcast.jet.pipeline.WindowDefinition;
import com.hazelcast.map.IMap;
import io.jetway.codec.RecordDecoders;
import io.jetway.codec.RecordEncoders;
import io.jetway.state.OutputMode;
import io.jetway.state.StateConfig;
import io.jetway.state.StatefulFunctions;
import io.jetway.testing.HazelcastCluster;
import io.jetway.testing.JetJobs;
import io.jetway.testing.KafkaBroker;
import io.jetway.testing.KafkaTestData;
import io.jetway.testing.SharedKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link OutputMode#NEWEST_PER_SNAPSHOT}: keyed running counts written to Kafka through the exactly-once sink,
 * a member terminated mid-stream. Read {@code read_committed}, every key's newest count is its number of
 * records, no (key, count) is committed twice, and the output is far smaller than the input: each key's
 * newest count once per snapshot instead of one record per input. Keyed-edge and aligned mode; a job
 * without snapshots still releases its outputs; the modes where the option makes no sense fail clearly.
 */
class NewestPerSnapshotOutputTest {

    private static final int PARTITIONS = 4;
    private static final int KEYS = 200;
    private static final int RECORDS = 20_000;
    private static final StateConfig NEWEST = StateConfig.heap().outputMode(OutputMode.NEWEST_PER_SNAPSHOT);

    private final KafkaBroker kafka = SharedKafka.get();

    @Test
    void shouldCommitEachKeysNewestCountOncePerSnapshotInKeyedEdgeMode() {
        runWithMemberLoss("newest-keyed", (source, sink) -> {
            Pipeline pipeline = Pipeline.create();
            StreamStage<String> values = pipeline.readFrom(JetwaySources.kafka(source, RecordDecoders.utf8String()))
                    .withoutTimestamps();
            JetwayState.mapStateful(values.groupingKey(NewestPerSnapshotOutputTest::keyOf), NEWEST,
                            StatefulFunctions.<String, String>count())
                    .map(count -> count.getKey() + "=" + count.getValue())
                    .writeTo(JetwaySinks.kafka(sink, RecordEncoders.utf8StringValueOnly()));
            return pipeline;
        });
    }

    @Test
    void shouldCommitEachKeysNewestCountOncePerSnapshotInAlignedMode() {
        // value i goes to partition i % 4 and keyOf(i) = i % 200: each key lives in one partition
        runWithMemberLoss("newest-aligned", (source, sink) -> {
            Pipeline pipeline = Pipeline.create();
            pipeline.readFrom(JetwayState.alignedKafka(source, RecordDecoders.utf8String(), NEWEST,
                            NewestPerSnapshotOutputTest::keyOf, StatefulFunctions.<String, String>count()))
                    .withoutTimestamps()
                    .map(count -> count.getKey() + "=" + count.getValue())
                    .writeTo(JetwaySinks.kafka(sink, RecordEncoders.utf8StringValueOnly()));
            return pipeline;
        });
    }

    @Test
    void shouldReleaseTheNewestOutputsEverySecondInAJobWithoutSnapshots() {
        String topic = KafkaTestData.uniqueTopic("newest-no-snapshots");
        kafka.createTopic(topic, PARTITIONS);
        String mapName = "counts-" + topic;
        try (HazelcastCluster cluster = HazelcastCluster.start(2)) {
            HazelcastInstance member = cluster.member(0);
            Pipeline pipeline = Pipeline.create();
            StreamStage<String> values = pipeline.readFrom(JetwaySources.kafka(sourceConfig(topic),
                    RecordDecoders.utf8String())).withoutTimestamps();
            JetwayState.mapStateful(values.groupingKey(NewestPerSnapshotOutputTest::keyOf), NEWEST,
                            StatefulFunctions.<String, String>count())
                    .writeTo(Sinks.mapWithMerging(mapName, Map.Entry::getKey, Map.Entry::getValue, Math::max));
            Job job = member.getJet().newJob(pipeline, new JobConfig().setName(topic)
                    .setProcessingGuarantee(ProcessingGuarantee.NONE));
            TestRecords.produceRange(kafka, topic, 0, RECORDS, PARTITIONS);
            IMap<String, Long> counts = member.getMap(mapName);
            await("every key's final count in " + mapName).atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(countsNotAt(counts, RECORDS / KEYS)).isEmpty());
            job.cancel();
        }
    }

    @Test
    void shouldRefuseAlignedModeWithTimestampsWhenTheJobIsSubmitted() {
        String topic = KafkaTestData.uniqueTopic("newest-aligned-timestamps");
        kafka.createTopic(topic, 1);
        try (HazelcastCluster cluster = HazelcastCluster.start(2)) {
            Pipeline pipeline = Pipeline.create();
            pipeline.readFrom(JetwayState.alignedKafka(sourceConfig(topic), RecordDecoders.utf8String(), NEWEST,
                            NewestPerSnapshotOutputTest::keyOf, StatefulFunctions.<String, String>count()))
                    .withNativeTimestamps(0)
                    .writeTo(Sinks.noop());
            assertThatThrownBy(() -> cluster.member(0).getJet().newJob(pipeline))
                    .hasStackTraceContaining("NEWEST_PER_SNAPSHOT")
                    .hasStackTraceContaining("withoutTimestamps()");
        }
    }

    @Test
    void shouldRefuseWindows() {
        Pipeline pipeline = Pipeline.create();
        StreamStage<String> values = pipeline.readFrom(JetwaySources.kafka(sourceConfig("never-read"),
                RecordDecoders.utf8String())).withNativeTimestamps(0);
        assertThatThrownBy(() -> JetwayState.window(values.groupingKey(NewestPerSnapshotOutputTest::keyOf), NEWEST,
                WindowDefinition.tumbling(1_000), AggregateOperations.counting()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("applies to mapStateful only");
        assertThatThrownBy(() -> JetwayState.windowP(NEWEST, NewestPerSnapshotOutputTest::keyOf, Long::parseLong,
                WindowDefinition.tumbling(1_000), AggregateOperations.counting()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("applies to mapStateful only");
    }

    /** Builds the job's pipeline from the source and sink configurations. */
    private interface CountPipeline {
        Pipeline build(KafkaSourceConfig source, KafkaSinkConfig sink);
    }

    private void runWithMemberLoss(String name, CountPipeline countPipeline) {
        String topic = KafkaTestData.uniqueTopic(name);
        String output = topic + "-out";
        kafka.createTopic(topic, PARTITIONS);
        kafka.createTopic(output, PARTITIONS);
        try (HazelcastCluster cluster = HazelcastCluster.start(2)) {
            HazelcastInstance member = cluster.member(0);
            KafkaSinkConfig sink = KafkaSinkConfig.builder(kafka.bootstrapServers()).topic(output).exactlyOnce(true)
                    .build();
            Job job = member.getJet().newJob(countPipeline.build(sourceConfig(topic), sink), new JobConfig()
                    .setName(topic).setProcessingGuarantee(ProcessingGuarantee.EXACTLY_ONCE)
                    .setSnapshotIntervalMillis(500));
            TestRecords.produceRange(kafka, topic, 0, RECORDS / 2, PARTITIONS);
            JetJobs.awaitSnapshotAfter(member, job, -1);
            cluster.terminate(1);
            TestRecords.produceRange(kafka, topic, RECORDS / 2, RECORDS, PARTITIONS);

            long expected = RECORDS / KEYS;
            AtomicReference<List<ConsumerRecord<byte[], byte[]>>> committed = new AtomicReference<>();
            await("every key's newest committed count is " + expected + " in " + output)
                    .atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        committed.set(KafkaTestData.readAll(kafka, output, KEYS, Duration.ofSeconds(30), true));
                        assertThat(countsNotAt(newestCounts(committed.get()), expected)).isEmpty();
                    });
            job.cancel();
            assertThat(duplicates(committed.get())).as("(key, count) committed more than once").isEmpty();
            assertThat(committed.get().size()).as("committed outputs for " + RECORDS + " inputs")
                    .isLessThan(RECORDS / 2);
        }
    }

    private KafkaSourceConfig sourceConfig(String topic) {
        return KafkaSourceConfig.builder(kafka.bootstrapServers()).topics(topic).build();
    }

    private static String keyOf(String value) {
        return "k" + (Integer.parseInt(value) % KEYS);
    }

    private static Map<String, Long> newestCounts(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, Long> newest = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            String[] keyAndCount = new String(record.value(), UTF_8).split("=");
            newest.merge(keyAndCount[0], Long.parseLong(keyAndCount[1]), Math::max);
        }
        return newest;
    }

    private static Set<String> duplicates(List<ConsumerRecord<byte[], byte[]>> records) {
        Set<String> seen = new HashSet<>();
        Set<String> twice = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            String text = new String(record.value(), UTF_8);
            if (!seen.add(text)) {
                twice.add(text);
            }
        }
        return twice;
    }

    /** The keys (of all {@link #KEYS}) whose count is not {@code expected}, with what they have. */
    private static Map<String, Long> countsNotAt(Map<String, Long> counts, long expected) {
        Map<String, Long> wrong = new HashMap<>();
        for (int k = 0; k < KEYS; k++) {
            Long count = counts.get("k" + k);
            if (count == null || count != expected) {
                wrong.put("k" + k, count);
            }
        }
        return wrong;
    }
}
