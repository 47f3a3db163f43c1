package io.jetway.state.changelog;

import com.hazelcast.jet.Job;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.config.ProcessingGuarantee;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.Sinks;
import com.hazelcast.jet.pipeline.test.TestSources;
import io.jetway.JetwaySinks;
import io.jetway.JetwaySources;
import io.jetway.JetwayState;
import io.jetway.KafkaSinkConfig;
import io.jetway.KafkaSourceConfig;
import io.jetway.codec.RecordDecoders;
import io.jetway.codec.Utf8StringEncoder;
import io.jetway.state.StateConfig;
import io.jetway.state.StatefulFunctions;
import io.jetway.testing.HazelcastCluster;
import io.jetway.testing.JetJobs;
import io.jetway.testing.KafkaBroker;
import io.jetway.testing.KafkaTestData;
import io.jetway.testing.LogCapture;
import io.jetway.testing.SecretProperties;
import io.jetway.testing.SharedKafka;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Every secret property (Kafka's PASSWORD-typed ones, {@code sasl.jaas.config}, {@code basic.auth.user.info},
 * the OAuth assertion key passphrase) set to a marker on the source, the sink and, under {@code kafka.}, the
 * {@code kafka-changelog} backend: the marker appears nowhere in the log of a job that runs (Jetway at every
 * level, Kafka clients and Hazelcast at INFO), in its metrics, nor in the failures of jobs that cannot start.
 * The clients use PLAINTEXT, so they never read the secrets.
 */
class SecretsNeverShownTest {

    private static final String MARKER = "S3CRET-" + UUID.randomUUID();
    private static final Duration SHORT_STARTUP = Duration.ofSeconds(3);
    private static final String UNREACHABLE = "127.0.0.1:1";

    private final KafkaBroker kafka = SharedKafka.get();
    private final Map<String, String> secrets = SecretProperties.markedWith(MARKER);

    @Test
    void shouldShowNoSecretInTheLogMetricsOrStartFailures() {
        String in = KafkaTestData.uniqueTopic("secrets-in");
        String out = KafkaTestData.uniqueTopic("secrets-out");
        kafka.createTopic(in, 2);
        kafka.createTopic(out, 2);
        KafkaTestData.produce(kafka, in, 0, List.of("a", "b", "a"));
        KafkaTestData.produce(kafka, in, 1, List.of("c", "a"));
        String metrics;
        List<String> startFailures;
        String logged;
        try (LogCapture log = LogCapture.start(Map.of("io.jetway", Level.ALL, "org.apache.kafka", Level.INFO,
                "com.hazelcast", Level.INFO));
             HazelcastCluster cluster = HazelcastCluster.start(1,
                     config -> config.getMetricsConfig().setCollectionFrequencySeconds(1))) {
            Job job = cluster.member(0).getJet().newJob(countPipeline(in, out), new JobConfig().setName(in)
                    .setProcessingGuarantee(ProcessingGuarantee.EXACTLY_ONCE).setSnapshotIntervalMillis(500));
            KafkaTestData.readAll(kafka, out, 5, Duration.ofSeconds(120), true);
            JetJobs.awaitMetricAtLeast(job, "kafkaRecordsIn", 5);
            metrics = job.getMetrics().toString();
            job.cancel();

            startFailures = List.of(
                    failureOf(cluster, unreachableSource(in), "unreachable-source"),
                    failureOf(cluster, unreachableSink(out), "unreachable-sink"),
                    failureOf(cluster, missingChangelogTopic(), "missing-changelog"));
            logged = log.text();
        }

        assertThat(logged).as("the captured log")
                          .contains("Kafka client properties").contains("sasl.jaas.config=[redacted]")
                          .doesNotContain(MARKER);
        assertThat(metrics).as("the job's metrics").contains(in).doesNotContain(MARKER);
        assertThat(startFailures.get(0)).as("the unreachable source's failure")
                                        .contains(UNREACHABLE).doesNotContain(MARKER);
        assertThat(startFailures.get(1)).as("the unreachable sink's failure")
                                        .contains(UNREACHABLE).contains("[redacted]").doesNotContain(MARKER);
        assertThat(startFailures.get(2)).as("the missing changelog's failure")
                                        .contains("does not exist").doesNotContain(MARKER);
    }

    private Pipeline countPipeline(String in, String out) {
        Pipeline pipeline = Pipeline.create();
        JetwayState.mapStateful(pipeline.readFrom(JetwaySources.kafka(KafkaSourceConfig.builder(kafka.bootstrapServers())
                                .topics(in).properties(secrets).build(), RecordDecoders.utf8String()))
                        .withoutTimestamps()
                        .groupingKey(word -> word),
                        state().option(ChangelogOptions.BOOTSTRAP_SERVERS, kafka.bootstrapServers()),
                        StatefulFunctions.<String, String>count())
                .map(count -> count.getKey() + "=" + count.getValue())
                .writeTo(JetwaySinks.kafka(KafkaSinkConfig.builder(kafka.bootstrapServers()).topic(out)
                        .properties(secrets).build(), Utf8StringEncoder::valueOnly));
        return pipeline;
    }

    private Pipeline unreachableSource(String topic) {
        Pipeline pipeline = Pipeline.create();
        pipeline.readFrom(JetwaySources.kafka(KafkaSourceConfig.builder(UNREACHABLE).topics(topic)
                        .properties(secrets).startupTimeout(SHORT_STARTUP).build(), RecordDecoders.utf8String()))
                .withoutTimestamps()
                .writeTo(Sinks.noop());
        return pipeline;
    }

    private Pipeline unreachableSink(String topic) {
        Pipeline pipeline = Pipeline.create();
        pipeline.readFrom(TestSources.items("x"))
                .writeTo(JetwaySinks.kafka(KafkaSinkConfig.builder(UNREACHABLE).topic(topic).properties(secrets)
                        .startupTimeout(SHORT_STARTUP).build(), Utf8StringEncoder::valueOnly));
        return pipeline;
    }

    private Pipeline missingChangelogTopic() {
        Pipeline pipeline = Pipeline.create();
        JetwayState.mapStateful(pipeline.readFrom(TestSources.itemStream(10, (timestamp, seq) -> "k" + seq % 3))
                                .withoutTimestamps()
                                .groupingKey(key -> key),
                        state().option(ChangelogOptions.BOOTSTRAP_SERVERS, kafka.bootstrapServers())
                               .option(ChangelogOptions.TOPIC, KafkaTestData.uniqueTopic("no-such-changelog"))
                               .option(ChangelogOptions.CREATE_TOPIC, "false"),
                        StatefulFunctions.<String, String>count())
                .writeTo(Sinks.noop());
        return pipeline;
    }

    // The kafka-changelog backend with every secret as a Kafka client property.
    private StateConfig state() {
        StateConfig state = StateConfig.backend(KafkaChangelogStateBackendFactory.NAME);
        for (Map.Entry<String, String> secret : secrets.entrySet()) {
            state = state.option(ChangelogOptions.KAFKA_PREFIX + secret.getKey(), secret.getValue());
        }
        return state;
    }

    // The whole failure of a job that must not start: messages, causes and stack traces.
    private static String failureOf(HazelcastCluster cluster, Pipeline pipeline, String name) {
        Job job = cluster.member(0).getJet().newJob(pipeline, new JobConfig().setName(name));
        Throwable failure = catchThrowable(job::join);
        assertThat(failure).as("job '" + name + "' must fail").isNotNull();
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }
}
