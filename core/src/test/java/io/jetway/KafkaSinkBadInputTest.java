package io.jetway;

import com.hazelcast.jet.Job;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.config.ProcessingGuarantee;
import com.hazelcast.jet.core.JobStatus;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.test.TestSources;
import io.jetway.testing.HazelcastCluster;
import io.jetway.testing.JetJobs;
import io.jetway.testing.KafkaBroker;
import io.jetway.testing.KafkaTestData;
import io.jetway.testing.SharedKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Bad input fails the job with an error that names what is wrong: the topic, the item, the transactional id. */
class KafkaSinkBadInputTest {

    private static HazelcastCluster cluster;
    private final KafkaBroker kafka = SharedKafka.get();

    @BeforeAll
    static void startCluster() {
        cluster = HazelcastCluster.start(1);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private KafkaSinkConfig.Builder sink(String topic) {
        return KafkaSinkConfig.builder(kafka.bootstrapServers()).topic(topic);
    }

    private static Throwable failureOf(Pipeline pipeline, JobConfig config) {
        Job job = cluster.member(0).getJet().newJob(pipeline, config);
        Throwable failure = catchThrowable(job::join);
        assertThat(failure).as("job '" + config.getName() + "' must fail").isNotNull();
        return failure;
    }

    @Test
    void shouldFailAtStartNamingAMissingTopic() {
        Pipeline pipeline = Pipeline.create();
        pipeline.readFrom(TestSources.items("a", "b")).writeTo(JetwaySinks.kafka(sink("no-such-topic").build(),
                Utf8Encoder::new));
        assertThat(failureOf(pipeline, new JobConfig().setName("missing-topic")))
                .hasStackTraceContaining("topic 'no-such-topic' does not exist")
                .hasStackTraceContaining("the sink does not create topics");
    }

    @Test
    void shouldFailNamingTheMissingTopicAPerItemTopicFunctionChose() {
        String existing = KafkaTestData.uniqueTopic("per-item");
        kafka.createTopic(existing, 1);
        Pipeline pipeline = Pipeline.create();
        pipeline.readFrom(TestSources.items("a", "b", "c"))
                .writeTo(JetwaySinks.kafka(KafkaSinkConfig.builder(kafka.bootstrapServers()).build(),
                        item -> item.equals("c") ? existing + "-missing" : existing, Utf8Encoder::new));
        assertThat(failureOf(pipeline, new JobConfig().setName("per-item-missing")))
                .hasStackTraceContaining("topic '" + existing + "-missing' does not exist");
    }

    @Test
    void shouldFailNamingTheItemTheEncoderRejects() {
        String topic = KafkaTestData.uniqueTopic("encoder");
        kafka.createTopic(topic, 1);
        Pipeline pipeline = Pipeline.create();
        pipeline.readFrom(TestSources.items("good-1", "bad-2", "good-3"))
                .writeTo(JetwaySinks.kafka(sink(topic).build(), Utf8Encoder::new));
        assertThat(failureOf(pipeline, new JobConfig().setName("encoder-fails")))
                .hasStackTraceContaining("cannot encode item 'bad-2' (java.lang.String) for topic '" + topic + "'")
                .hasStackTraceContaining(Utf8Encoder.class.getName());
    }

    /**
     * The broker-side check of a record (here {@code max.request.size}) fails asynchronously, in the
     * producer's callback: the job fails on the processor thread naming the item, the topic and the cause.
     */
    @Test
    void shouldFailNamingTheItemWhoseSendFailed() {
        String topic = KafkaTestData.uniqueTopic("too-large");
        kafka.createTopic(topic, 1);
        String large = "large-" + "x".repeat(2_000);
        Pipeline pipeline = Pipeline.create();
        pipeline.readFrom(TestSources.items("small-1", large, "small-2"))
                .writeTo(JetwaySinks.kafka(sink(topic).property("max.request.size", "1024").build(), Utf8Encoder::new));
        assertThat(failureOf(pipeline, new JobConfig().setName("send-fails")
                .setProcessingGuarantee(ProcessingGuarantee.EXACTLY_ONCE)))
                .hasStackTraceContaining("sending item 'large-xxxx")
                .hasStackTraceContaining("to topic '" + topic + "'")
                .hasStackTraceContaining("RecordTooLargeException");
    }

    /**
     * A second job with the same name on another cluster starts the same transactional ids, which fences the
     * first job's producers: the first job fails naming the transactional id and the likely cause, instead
     * of the two jobs fencing each other in turns.
     */
    @Test
    void shouldFailNamingTheTransactionalIdWhenAnotherJobWithTheSameNameFencesTheProducer() {
        String topic = KafkaTestData.uniqueTopic("fenced");
        kafka.createTopic(topic, 2);
        JobConfig config = new JobConfig().setName("fenced-twin")
                                          .setProcessingGuarantee(ProcessingGuarantee.EXACTLY_ONCE)
                                          .setSnapshotIntervalMillis(200);
        Job first = cluster.member(0).getJet().newJob(twin(topic), config);
        JetJobs.awaitSnapshotAfter(cluster.member(0), first, -1);
        try (HazelcastCluster other = HazelcastCluster.start(1)) {
            Job second = other.member(0).getJet().newJob(twin(topic), config);
            JetJobs.awaitStatus(first, JobStatus.FAILED);
            assertThat(catchThrowable(first::join))
                    .hasStackTraceContaining("the producer of transactional.id 'fenced-twin-jetway-kafka")
                    .hasStackTraceContaining("was fenced")
                    .hasStackTraceContaining("another job with the same name");
            second.cancel();
        }
    }

    private Pipeline twin(String topic) {
        Pipeline pipeline = Pipeline.create();
        pipeline.readFrom(TestSources.itemStream(200, (timestamp, sequence) -> "item-" + sequence))
                .withoutTimestamps()
                .writeTo(JetwaySinks.kafka(sink(topic).build(), Utf8Encoder::new));
        return pipeline;
    }
}
