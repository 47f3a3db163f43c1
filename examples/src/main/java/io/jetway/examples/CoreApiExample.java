package io.jetway.examples;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.config.ProcessingGuarantee;
import com.hazelcast.jet.core.DAG;
import com.hazelcast.jet.core.Edge;
import com.hazelcast.jet.core.EventTimePolicy;
import com.hazelcast.jet.core.Vertex;
import com.hazelcast.jet.core.processor.SinkProcessors;
import io.jetway.JetwaySources;
import io.jetway.JetwayState;
import io.jetway.KafkaSourceConfig;
import io.jetway.codec.RecordDecoders;
import io.jetway.state.StateConfig;
import io.jetway.state.StatefulFunctions;

import java.util.Map;

/**
 * Jetway's processors in plain Core API DAG code, for users who do not use the Pipeline API: a Kafka
 * source vertex, a keyed running count whose state lives in a backend chosen by name, and an IMap sink.
 * <pre>
 *   kafka-source --(partitioned by account, distributed)--> count --(local)--> map-sink
 * </pre>
 */
public final class CoreApiExample {

    private CoreApiExample() {
    }

    /** Builds the DAG: counts per account of the "account,amount" records of {@code topic}. */
    public static DAG dag(String bootstrapServers, String topic, StateConfig state, String mapName) {
        DAG dag = new DAG();
        Vertex source = dag.newVertex("kafka-source", JetwaySources.kafkaP(
                KafkaSourceConfig.builder(bootstrapServers).topics(topic).build(),
                RecordDecoders.utf8String(), EventTimePolicy.noEventTime()));
        Vertex count = dag.newVertex("count", JetwayState.mapStatefulP(state,
                CoreApiExample::accountOf, StatefulFunctions.<String, String>count()));
        Vertex sink = dag.newVertex("map-sink",
                SinkProcessors.<Map.Entry<String, Long>, String, Long>mergeMapP(mapName, Map.Entry::getKey,
                        Map.Entry::getValue, Math::max));
        // the stateful vertex must receive each key on the processor that owns its state partition
        dag.edge(Edge.between(source, count).partitioned(CoreApiExample::accountOf, JetwayState.keyPartitioner())
                .distributed());
        dag.edge(Edge.between(count, sink));
        return dag;
    }

    /** Submits the DAG with exactly-once processing and a 1 s snapshot interval. */
    public static Job submit(HazelcastInstance member, DAG dag, String name) {
        return member.getJet().newJob(dag, new JobConfig().setName(name)
                .setProcessingGuarantee(ProcessingGuarantee.EXACTLY_ONCE).setSnapshotIntervalMillis(1_000));
    }

    /** The account of an "account,amount" record. */
    static String accountOf(String record) {
        return record.substring(0, record.indexOf(','));
    }
}
