package io.jetway.benchmarks.e2e;

import com.hazelcast.function.SupplierEx;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.config.JetConfig;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.core.DAG;
import com.hazelcast.jet.core.EventTimePolicy;
import com.hazelcast.jet.core.Vertex;
import io.jetway.JetwaySources;
import io.jetway.KafkaSourceConfig;
import io.jetway.benchmarks.Checksums;
import io.jetway.benchmarks.proto.Event;
import io.jetway.protobuf.decode.ProtobufDecoder;
import io.jetway.spi.codec.RecordDecoder;
import io.jetway.testing.HazelcastCluster;

import java.time.Duration;
import java.util.Map;

import static com.hazelcast.jet.core.Edge.between;

/**
 * Jetway's source on an embedded cluster of {@code members} in this JVM, in a DAG: source → counting sink
 * on the same member. With {@code protobuf} the source decodes each value with
 * {@link ProtobufDecoder} ({@code jetway-source-1m}, {@code -2m}); otherwise its decoder only checksums the
 * value view ({@code jetway-source-raw-1m}). Extra consumer properties serve experiments with the consumer's
 * settings ({@code jetway-source-1m-async}).
 */
final class JetwaySourceVariant implements Variant {

    private final int members;
    private final boolean protobuf;
    private final Map<String, String> consumerProperties;
    private HazelcastCluster cluster;
    private int pass;

    JetwaySourceVariant(int members, boolean protobuf) {
        this(members, protobuf, Map.of());
    }

    /** @param consumerProperties extra Kafka consumer properties, for experiments with the consumer's settings */
    JetwaySourceVariant(int members, boolean protobuf, Map<String, String> consumerProperties) {
        this.members = members;
        this.protobuf = protobuf;
        this.consumerProperties = Map.copyOf(consumerProperties);
    }

    /**
     * Source processors each member runs: {@link KafkaSourceConfig#localParallelism()} is left at -1, Jet's
     * default of one per cooperative thread, and the benchmark members ({@link JetRuns#cluster}) keep Jet's
     * default cooperative thread count, the JVM's available processors. {@code bare-consumer-protobuf-threads}
     * decodes on as many threads.
     */
    static int processorsPerMember() {
        return new JetConfig().getCooperativeThreadCount();
    }

    @Override
    public Measurement run(VariantSettings s) throws Exception {
        cluster = JetRuns.cluster(members);
        return Passes.warmUpThenMeasure(s, () -> readAll(s));
    }

    private Measurement readAll(VariantSettings s) {
        DAG dag = new DAG();
        KafkaSourceConfig.Builder builder = KafkaSourceConfig.builder(s.bootstrap()).topics(s.topic())
                .partitionDiscoveryInterval(Duration.ZERO);
        consumerProperties.forEach((key, value) -> builder.property(key, value.replace("{pass}", "" + pass)));
        KafkaSourceConfig config = builder.build();
        Vertex source = dag.newVertex("source", protobuf
                ? JetwaySources.kafkaP(config, ProtobufDecoder.supplier(Event.class), EventTimePolicy.noEventTime())
                : JetwaySources.kafkaP(config, crcDecoder(), EventTimePolicy.noEventTime()));
        Vertex sink = dag.newVertex("sink", CountingSinkP::new);
        dag.edge(between(source, sink));
        CountingSinkP.PROGRESS.reset();
        Job job = cluster.member(0).getJet().newJob(dag, new JobConfig().setName(s.variant() + "-" + pass++));
        try {
            JetRuns.awaitCount(job, CountingSinkP.PROGRESS.count::get, s.records(), "records");
        } finally {
            JetRuns.cancel(job);
        }
        return CountingSinkP.PROGRESS.measurement(s.variant());
    }

    private static SupplierEx<RecordDecoder<Long>> crcDecoder() {
        return () -> {
            Checksums.ValueCrc crc = new Checksums.ValueCrc();
            return (key, value, ctx) -> crc.of(value);
        };
    }

    @Override
    public void close() {
        if (cluster != null) {
            cluster.close();
        }
    }
}
