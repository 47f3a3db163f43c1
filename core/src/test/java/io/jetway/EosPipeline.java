package io.jetway;

import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.config.ProcessingGuarantee;
import com.hazelcast.jet.core.ProcessorMetaSupplier;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.Sink;
import com.hazelcast.jet.pipeline.Sinks;
import com.hazelcast.jet.pipeline.StreamStage;
import io.jetway.state.StateConfig;
import io.jetway.testing.eos.EosEvent;
import io.jetway.testing.eos.EosOutput;
import io.jetway.testing.eos.StateModel;

/**
 * The job of the fault scenarios: Kafka input of {@link EosEvent}s → keyed state following a
 * {@link StateModel} (heap backend) → one {@link EosOutput} per event → transactional Kafka sink, the items of
 * a key through one sink processor so that the output keeps each key's order.
 */
final class EosPipeline {

    private EosPipeline() {
    }

    /**
     * @param faults the name of the {@link Faults} to inject into the sink, or {@code null} for the plain sink
     */
    static Pipeline build(KafkaSourceConfig source, KafkaSinkConfig sink, StateModel model, String faults) {
        Pipeline pipeline = Pipeline.create();
        StreamStage<EosEvent> events = pipeline.readFrom(JetwaySources.kafka(source, io.jetway.testing.eos.EosCodecs.EventDecoder::new))
                                               .withoutTimestamps();
        JetwayState.mapStateful(events.groupingKey(EosEvent::key), StateConfig.heap(), EosCodecs.apply(model))
                    .writeTo(sinkOf(sink, faults));
        return pipeline;
    }

    private static Sink<EosOutput> sinkOf(KafkaSinkConfig sink, String faults) {
        if (faults == null) {
            return JetwaySinks.kafkaOrderedByKey(sink, EosOutput::key, io.jetway.testing.eos.EosCodecs.OutputEncoder::new);
        }
        ProcessorMetaSupplier plain = JetwaySinks.kafkaP(sink, io.jetway.testing.eos.EosCodecs.OutputEncoder::new);
        return Sinks.fromProcessor("faulty-kafka-sink", FaultInjection.wrap(plain, faults), EosOutput::key);
    }

    /** An exactly-once job configuration. */
    static JobConfig exactlyOnce(String name, long snapshotIntervalMs) {
        return new JobConfig().setName(name).setProcessingGuarantee(ProcessingGuarantee.EXACTLY_ONCE)
                              .setSnapshotIntervalMillis(snapshotIntervalMs);
    }
}
