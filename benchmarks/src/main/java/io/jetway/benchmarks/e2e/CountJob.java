package io.jetway.benchmarks.e2e;

import com.hazelcast.function.FunctionEx;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.config.ProcessingGuarantee;
import com.hazelcast.jet.core.DAG;
import com.hazelcast.jet.core.EventTimePolicy;
import com.hazelcast.jet.core.ProcessorMetaSupplier;
import com.hazelcast.jet.core.Vertex;
import io.jetway.JetwaySinks;
import io.jetway.JetwaySources;
import io.jetway.JetwayState;
import io.jetway.KafkaSinkConfig;
import io.jetway.KafkaSourceConfig;
import io.jetway.benchmarks.proto.Event;
import io.jetway.protobuf.decode.ProtobufDecoder;
import io.jetway.state.StateConfig;
import io.jetway.state.StatefulFunction;
import io.jetway.state.StatefulFunctions;

import java.time.Duration;
import java.util.Map;

import static com.hazelcast.jet.core.Edge.between;

/**
 * The keyed count job of the stateful variants: Jetway source decoding {@link Event}s → keyed stateful count
 * per {@code Event.key} (distributed edge partitioned by key with {@link JetwayState#keyPartitioner()}) →
 * a sink; exactly-once with snapshots every
 * {@code snapshotIntervalMs}. The state backend is {@code heap} or {@code kafka-changelog}, whose changelog
 * topic is named explicitly so the benchmark can read and delete it.
 */
final class CountJob {

    /** Name of the stateful vertex. */
    static final String STATEFUL_VERTEX = "count";

    private CountJob() {
    }

    /**
     * The state configuration of {@code backend} ({@code heap}, {@code changelog}, {@code changelog-unbuffered},
     * {@code changelog-held}).
     */
    static StateConfig state(String backend, String bootstrap, String changelogTopic) {
        return switch (backend) {
            case "heap" -> StateConfig.heap();
            case "changelog" -> StateConfig.backend("kafka-changelog").option("bootstrap.servers", bootstrap)
                                           .option("topic", changelogTopic);
            // every change sent as it happens: no write-behind buffer
            case "changelog-unbuffered" -> state("changelog", bootstrap, changelogTopic).option("write.buffer.keys", "0");
            // held changes wait for phase 1 even while the processor is idle
            case "changelog-held" -> state("changelog", bootstrap, changelogTopic)
                    .option("write.buffer.idle.max.keys", "0");
            default -> throw new IllegalArgumentException("unknown backend " + backend + "; known: heap, changelog, "
                    + "changelog-unbuffered, changelog-held");
        };
    }

    /** The count DAG: each item's {@code (key, count so far)} goes to {@link CountingSinkP}. */
    static DAG countDag(String bootstrap, String topic, StateConfig state) {
        return dag(bootstrap, topic, state, StatefulFunctions.count(), ProcessorMetaSupplier.of(CountingSinkP::new));
    }

    /**
     * The count fused into the source ("aligned" mode: state partition = Kafka partition, no shuffle; the
     * input is keyed by {@code Event.key}, as Kafka Streams' {@code groupByKey()} needs too).
     */
    static DAG alignedCountDag(String bootstrap, String topic, StateConfig state) {
        return alignedCountDag(bootstrap, topic, state, ProcessorMetaSupplier.of(CountingSinkP::new));
    }

    private static DAG alignedCountDag(String bootstrap, String topic, StateConfig state, ProcessorMetaSupplier sink) {
        FunctionEx<Event, String> keyFn = Event::getKey;
        DAG dag = new DAG();
        KafkaSourceConfig config = KafkaSourceConfig.builder(bootstrap).topics(topic)
                .partitionDiscoveryInterval(Duration.ZERO).build();
        Vertex source = dag.newVertex(STATEFUL_VERTEX, JetwayState.alignedKafkaP(config,
                ProtobufDecoder.supplier(Event.class), state, keyFn, StatefulFunctions.<String, Event>count(),
                EventTimePolicy.noEventTime()));
        dag.edge(between(source, dag.newVertex("sink", sink)));
        return dag;
    }

    /**
     * The count DAG whose counts go to {@code output} through Jetway's exactly-once Kafka sink (transactional
     * ids prefixed {@code transactionalIdPrefix}), the count fused into the source when {@code aligned}. The edge
     * to the sink is partitioned by key, so each key's counts leave through one producer, in order.
     */
    static DAG countToKafkaDag(String bootstrap, String topic, StateConfig state, boolean aligned, String output,
                               String transactionalIdPrefix) {
        ProcessorMetaSupplier sink = JetwaySinks.kafkaP(KafkaSinkConfig.builder(bootstrap).topic(output)
                .exactlyOnce(true).transactionalIdPrefix(transactionalIdPrefix).build(), CountEncoder::new);
        DAG dag = aligned ? alignedCountDag(bootstrap, topic, state, sink) : dag(bootstrap, topic, state,
                StatefulFunctions.count(), sink);
        FunctionEx<Map.Entry<String, Long>, String> keyFn = Map.Entry::getKey;
        dag.getOutboundEdges(STATEFUL_VERTEX).get(0).partitioned(keyFn);
        return dag;
    }

    /** A DAG with {@code function} as the keyed stateful step and {@code sink} after it. */
    static <R> DAG dag(String bootstrap, String topic, StateConfig state,
                       StatefulFunction<String, Long, Event, R> function, ProcessorMetaSupplier sink) {
        FunctionEx<Event, String> keyFn = Event::getKey;
        DAG dag = new DAG();
        KafkaSourceConfig config = KafkaSourceConfig.builder(bootstrap).topics(topic)
                .partitionDiscoveryInterval(Duration.ZERO).build();
        Vertex source = dag.newVertex("source", JetwaySources.kafkaP(config, ProtobufDecoder.supplier(Event.class),
                EventTimePolicy.noEventTime()));
        Vertex count = dag.newVertex(STATEFUL_VERTEX, JetwayState.mapStatefulP(state, keyFn, function));
        Vertex sinkVertex = dag.newVertex("sink", sink);
        dag.edge(between(source, count).partitioned(keyFn, JetwayState.keyPartitioner()).distributed());
        dag.edge(between(count, sinkVertex));
        return dag;
    }

    /** Exactly-once with the given snapshot interval. */
    static JobConfig exactlyOnce(String name, long snapshotIntervalMs) {
        return new JobConfig().setName(name).setProcessingGuarantee(ProcessingGuarantee.EXACTLY_ONCE)
                              .setSnapshotIntervalMillis(snapshotIntervalMs);
    }
}
