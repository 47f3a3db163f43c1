package io.jetway.benchmarks.e2e;

import io.jetway.benchmarks.proto.Event;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The Flink jobs of the benchmark, built into an environment of {@link FlinkCluster}; every operator has a
 * fixed uid, so that a job built again starts from the checkpoint of the one before. Each reads the input
 * with Flink's {@link KafkaSource} from the earliest offsets and parses each value as an {@link Event}
 * ({@link FlinkEventDeserializer}); the counts key by {@code Event.key}, the key the input is partitioned by
 * and the other count variants count, projected before the {@code keyBy} (only the key crosses the network
 * shuffle, a {@code String}, so Protobuf messages never go through Kryo).
 */
final class FlinkJobs {

    /** Kafka's broker refuses a transaction timeout above its 15 min maximum; Flink's default is 1 h. */
    private static final String TRANSACTION_TIMEOUT_MS = "300000";

    private FlinkJobs() {
    }

    /** {@code flink-source}: the whole input (bounded at the end offsets it finds) into a counting sink. */
    static void readAll(StreamExecutionEnvironment env, String bootstrap, String topic, String groupId) {
        KafkaSource<Event> source = source(bootstrap, topic, groupId).setBounded(OffsetsInitializer.latest()).build();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "kafka-source").uid("source")
           .sinkTo(FlinkCountingSink.events()).uid("sink").name("counting-sink");
    }

    /**
     * The exactly-once count: source → key → {@code keyBy} → {@link FlinkKeyedCount} → {@link KafkaSink} with
     * {@link DeliveryGuarantee#EXACTLY_ONCE} into {@code output} ({@link FlinkCountSerializer}), transactional
     * ids prefixed with {@code transactionalIdPrefix}.
     */
    static void countToKafka(StreamExecutionEnvironment env, String bootstrap, String topic, String groupId,
                             String output, String transactionalIdPrefix) {
        KafkaSink<Tuple2<String, Long>> sink = KafkaSink.<Tuple2<String, Long>>builder()
                .setBootstrapServers(bootstrap)
                .setRecordSerializer(new FlinkCountSerializer(output))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .setProperty("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS)
                .build();
        keyed(env, source(bootstrap, topic, groupId).build())
                .process(new FlinkKeyedCount(), Types.TUPLE(Types.STRING, Types.LONG)).uid("count").name("count")
                .sinkTo(sink).uid("sink").name("kafka-sink");
    }

    /**
     * The count of the restore variant: source → key → {@code keyBy} → {@link FlinkProbedCount}, whose
     * broadcast input reads {@code probeTopic} → counting sink.
     */
    static void probedCount(StreamExecutionEnvironment env, String bootstrap, String topic, String groupId,
                            String probeTopic) {
        BroadcastStream<Event> probes = env.fromSource(source(bootstrap, probeTopic, groupId + "-probe").build(),
                        WatermarkStrategy.noWatermarks(), "probe-source").uid("probe-source").setParallelism(1)
                .broadcast(new MapStateDescriptor<>("unused", Types.STRING, Types.STRING));
        keyed(env, source(bootstrap, topic, groupId).build())
                .connect(probes)
                .process(new FlinkProbedCount(), Types.TUPLE(Types.STRING, Types.LONG)).uid("count").name("count")
                .sinkTo(FlinkCountingSink.counts()).uid("sink").name("counting-sink");
    }

    private static KeyedStream<String, String> keyed(StreamExecutionEnvironment env, KafkaSource<Event> source) {
        DataStream<String> keys = env.fromSource(source, WatermarkStrategy.noWatermarks(), "kafka-source").uid("source")
                .map(Event::getKey, Types.STRING).uid("key").name("key");
        return keys.keyBy(key -> key, Types.STRING);
    }

    private static KafkaSourceBuilder<Event> source(String bootstrap, String topic, String groupId) {
        return KafkaSource.<Event>builder()
                .setBootstrapServers(bootstrap)
                .setTopics(topic)
                .setGroupId(groupId)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setValueOnlyDeserializer(new FlinkEventDeserializer());
    }
}
