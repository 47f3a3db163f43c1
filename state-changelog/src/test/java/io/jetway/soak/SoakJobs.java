package io.jetway.soak;

import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.config.ProcessingGuarantee;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.Sink;
import com.hazelcast.jet.pipeline.StreamStage;
import io.jetway.JetwaySinks;
import io.jetway.JetwaySources;
import io.jetway.JetwayState;
import io.jetway.KafkaSinkConfig;
import io.jetway.KafkaSourceConfig;
import io.jetway.state.StateConfig;
import io.jetway.state.changelog.KafkaChangelogConfig;
import io.jetway.testing.eos.EosEvent;
import io.jetway.testing.eos.EosCodecs;
import io.jetway.testing.eos.EosOutput;
import io.jetway.testing.eos.StateModel;

import java.time.Duration;

/**
 * Builds the soak's job, Kafka → running count and sum per account → Jetway's exactly-once Kafka sink, in
 * either mode:
 * <pre>
 *  ALIGNED     alignedKafka(input, state fused in)  ──partitioned by account──▶ kafka sink
 *  KEYED_EDGE  kafka(input) ──partitioned by account──▶ mapStateful ──partitioned by account──▶ kafka sink
 * </pre>
 * The sink is keyed by account too ({@code kafkaOrderedByKey}), so each account's outputs keep their order.
 */
final class SoakJobs {

    /** Long enough for any recovery of the soak: an expired prepared transaction would fail the job, not stall it. */
    static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(3);

    private SoakJobs() {
    }

    /**
     * The pipeline of {@code scenario}'s mode and backend.
     *
     * @param servers     the broker
     * @param inputTopic  events keyed by account
     * @param outputTopic where the outputs go, one per event
     */
    static Pipeline pipeline(SoakScenario scenario, String servers, String inputTopic, String outputTopic,
                             StateModel model) {
        KafkaSourceConfig source = KafkaSourceConfig.builder(servers).topics(inputTopic).build();
        StateConfig state = state(scenario.backend(), servers, changelogTopic(inputTopic));
        Pipeline pipeline = Pipeline.create();
        StreamStage<EosOutput> outputs = switch (scenario.mode()) {
            case ALIGNED -> pipeline.readFrom(JetwayState.alignedKafka(source, EosCodecs.EventDecoder::new,
                                            state, EosEvent::key, AccountModel.apply(model)))
                                    .withoutTimestamps();
            case KEYED_EDGE -> JetwayState.mapStateful(
                    pipeline.readFrom(JetwaySources.kafka(source, EosCodecs.EventDecoder::new))
                            .withoutTimestamps()
                            .groupingKey(EosEvent::key),
                    state, AccountModel.apply(model));
        };
        outputs.writeTo(sink(servers, outputTopic));
        return pipeline;
    }

    /** EXACTLY_ONCE, the settings' snapshot interval, named {@code name} (transactional ids derive from it). */
    static JobConfig config(String name, SoakSettings settings) {
        return new JobConfig().setName(name).setProcessingGuarantee(ProcessingGuarantee.EXACTLY_ONCE)
                              .setSnapshotIntervalMillis(settings.snapshotInterval().toMillis());
    }

    /** The changelog topic of the job reading {@code inputTopic} (the {@code kafka-changelog} backend creates it). */
    static String changelogTopic(String inputTopic) {
        return inputTopic + "-changelog";
    }

    private static StateConfig state(SoakScenario.Backend backend, String servers, String changelogTopic) {
        return switch (backend) {
            case HEAP -> StateConfig.heap();
            case KAFKA_CHANGELOG -> KafkaChangelogConfig.builder(servers)
                    .topic(changelogTopic)
                    .transactionTimeout(TRANSACTION_TIMEOUT)
                    .build()
                    .toStateConfig();
        };
    }

    private static Sink<EosOutput> sink(String servers, String outputTopic) {
        KafkaSinkConfig config = KafkaSinkConfig.builder(servers).topic(outputTopic)
                                                 .transactionTimeout(TRANSACTION_TIMEOUT).build();
        return JetwaySinks.kafkaOrderedByKey(config, EosOutput::key, EosCodecs.OutputEncoder::new);
    }
}
