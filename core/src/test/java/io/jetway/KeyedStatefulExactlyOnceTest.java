package io.jetway;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.config.ProcessingGuarantee;
import com.hazelcast.jet.core.DAG;
import com.hazelcast.jet.core.Edge;
import com.hazelcast.jet.core.EventTimePolicy;
import com.hazelcast.jet.core.Vertex;
import com.hazelcast.jet.core.processor.SinkProcessors;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.Sinks;
import com.hazelcast.jet.pipeline.StreamStage;
import com.hazelcast.map.IMap;
import io.jetway.codec.RecordDecoders;
import io.jetway.state.StateConfig;
import io.jetway.state.StatefulFunctions;
import io.jetway.testing.HazelcastCluster;
import io.jetway.testing.JetJobs;
import io.jetway.testing.KafkaBroker;
import io.jetway.testing.KafkaTestData;
import io.jetway.testing.SharedKafka;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Keyed running counts in the heap backend under EXACTLY_ONCE: with a member terminated mid-stream, every
 * key's final count equals the number of its records (a replayed record would count twice, a lost one
 * not at all). The Pipeline adapter and the DAG factory in keyed-edge mode, and aligned mode (state fused
 * into the source, state partition = Kafka partition).
 * <p>
 * The map keeps the highest count seen per key: IMap writes are not part of Jet's snapshot, and a write
 * of the killed execution that an invocation retry delivers late must not hide the final count.
 */
class KeyedStatefulExactlyOnceTest {

    private static final int PARTITIONS = 4;
    private static final int KEYS = 500;
    private static final int RECORDS = 20_000;

    private final KafkaBroker kafka = SharedKafka.get();

    @Test
    void shouldCountExactlyOnceThroughThePipelineAdapterWhenAMemberDies() {
        runWithMemberLoss("pipeline", (member, topic, mapName) -> {
            Pipeline pipeline = Pipeline.create();
            StreamStage<String> values = pipeline.readFrom(JetwaySources.kafka(
                    KafkaSourceConfig.builder(kafka.bootstrapServers()).topics(topic).build(), RecordDecoders.utf8String()))
                    .withoutTimestamps();
            JetwayState.mapStateful(values.groupingKey(KeyedStatefulExactlyOnceTest::keyOf), StateConfig.heap(),
                            StatefulFunctions.<String, String>count())
                    .writeTo(Sinks.mapWithMerging(mapName, Map.Entry::getKey, Map.Entry::getValue, Math::max));
            return member.getJet().newJob(pipeline, exactlyOnce("pipeline-count"));
        });
    }

    @Test
    void shouldCountExactlyOnceThroughTheDagFactoryWhenAMemberDies() {
        runWithMemberLoss("dag", (member, topic, mapName) -> {
            DAG dag = new DAG();
            Vertex source = dag.newVertex("source", JetwaySources.kafkaP(
                    KafkaSourceConfig.builder(kafka.bootstrapServers()).topics(topic).build(), RecordDecoders.utf8String(),
                    EventTimePolicy.noEventTime()));
            Vertex count = dag.newVertex("count", JetwayState.mapStatefulP(StateConfig.heap(),
                    KeyedStatefulExactlyOnceTest::keyOf, StatefulFunctions.<String, String>count()));
            Vertex sink = dag.newVertex("sink", SinkProcessors.<Map.Entry<String, Long>, String, Long>mergeMapP(mapName,
                    Map.Entry::getKey, Map.Entry::getValue, Math::max));
            dag.edge(Edge.between(source, count).partitioned(KeyedStatefulExactlyOnceTest::keyOf).distributed());
            dag.edge(Edge.between(count, sink));
            return member.getJet().newJob(dag, exactlyOnce("dag-count"));
        });
    }

    @Test
    void shouldCountExactlyOnceWithStateAlignedToKafkaPartitionsWhenAMemberDies() {
        // produceRange puts value i in partition i % 4, and keyOf(i) = i % 500: each key lives in one partition
        runWithMemberLoss("aligned", (member, topic, mapName) -> {
            Pipeline pipeline = Pipeline.create();
            pipeline.readFrom(JetwayState.alignedKafka(
                            KafkaSourceConfig.builder(kafka.bootstrapServers()).topics(topic).build(),
                            RecordDecoders.utf8String(), StateConfig.heap(), KeyedStatefulExactlyOnceTest::keyOf,
                            StatefulFunctions.<String, String>count()))
                    .withoutTimestamps()
                    .writeTo(Sinks.mapWithMerging(mapName, Map.Entry::getKey, Map.Entry::getValue, Math::max));
            return member.getJet().newJob(pipeline, exactlyOnce("aligned-count"));
        });
    }

    @Test
    void shouldFailListingTheAvailableBackendsForAnUnknownName() {
        String topic = KafkaTestData.uniqueTopic("unknown-backend");
        kafka.createTopic(topic, 1);
        try (HazelcastCluster cluster = HazelcastCluster.start(2)) {
            Pipeline pipeline = Pipeline.create();
            JetwayState.mapStateful(pipeline.readFrom(JetwaySources.kafka(
                                    KafkaSourceConfig.builder(kafka.bootstrapServers()).topics(topic).build(),
                                    RecordDecoders.utf8String())).withoutTimestamps().groupingKey(v -> v),
                            StateConfig.backend("rocksdb"), StatefulFunctions.<String, String>count())
                    .writeTo(Sinks.noop());
            Job job = cluster.member(0).getJet().newJob(pipeline);
            assertThatThrownBy(job::join).hasStackTraceContaining("No StateBackendFactory named 'rocksdb'")
                                         .hasStackTraceContaining("Available: [heap");
        }
    }

    private static String keyOf(String value) {
        return "k" + (Integer.parseInt(value) % KEYS);
    }

    private static JobConfig exactlyOnce(String name) {
        return new JobConfig().setName(name).setProcessingGuarantee(ProcessingGuarantee.EXACTLY_ONCE)
                              .setSnapshotIntervalMillis(200);
    }

    /** Submits the job built by {@code jobFactory}. */
    private interface JobFactory {
        Job submit(HazelcastInstance member, String topic, String mapName);
    }

    private void runWithMemberLoss(String name, JobFactory jobFactory) {
        String topic = KafkaTestData.uniqueTopic(name);
        kafka.createTopic(topic, PARTITIONS);
        String mapName = "counts-" + topic;
        try (HazelcastCluster cluster = HazelcastCluster.start(2)) {
            HazelcastInstance member = cluster.member(0);
            Job job = jobFactory.submit(member, topic, mapName);
            IMap<String, Long> counts = member.getMap(mapName);
            TestRecords.produceRange(kafka, topic, 0, RECORDS / 2, PARTITIONS);
            await("some counts").atMost(Duration.ofSeconds(60)).until(() -> counts.size() >= KEYS / 2);
            JetJobs.awaitSnapshotAfter(member, job, -1);
            cluster.terminate(1);
            TestRecords.produceRange(kafka, topic, RECORDS / 2, RECORDS, PARTITIONS);

            long expectedPerKey = RECORDS / KEYS;
            await("every key counted " + expectedPerKey + " times in map " + mapName).atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> {
                        assertThat(counts.size()).as("keys counted").isEqualTo(KEYS);
                        assertThat(counts.values().stream().mapToLong(Long::longValue).sum())
                                .as("sum of counts").isGreaterThanOrEqualTo(RECORDS);
                    });
            Map<String, Long> wrong = new HashMap<>();
            counts.forEach((k, c) -> {
                if (c != expectedPerKey) {
                    wrong.put(k, c);
                }
            });
            assertThat(wrong).as("keys whose count is not " + expectedPerKey).isEmpty();
            job.cancel();
        }
    }
}
