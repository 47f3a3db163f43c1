package io.jetway;

import com.hazelcast.function.SupplierEx;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.Sinks;
import io.jetway.codec.RecordDecoders;
import io.jetway.spi.codec.RecordDecoder;
import io.jetway.testing.FreePorts;
import io.jetway.testing.HazelcastClusterExtension;
import io.jetway.testing.KafkaBroker;
import io.jetway.testing.KafkaTestData;
import io.jetway.testing.SharedKafka;
import com.hazelcast.collection.IList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Bad input fails the job with a message that says what is wrong and where. */
class KafkaSourceBadInputTest {

    @RegisterExtension
    static final HazelcastClusterExtension HZ = HazelcastClusterExtension.of(2);

    private final KafkaBroker kafka = SharedKafka.get();

    private static final SupplierEx<RecordDecoder<String>> FAILS_ON_POISON = () ->
            (ByteBuffer key, ByteBuffer value, io.jetway.spi.codec.RecordContext ctx) -> {
                String s = UTF_8.decode(value).toString();
                if (s.equals("poison")) {
                    throw new IllegalArgumentException("not a valid order: 'poison'");
                }
                return s;
            };

    @Test
    void shouldFailNamingTheMissingTopic() {
        String missing = KafkaTestData.uniqueTopic("missing");
        Job job = run(KafkaSourceConfig.builder(kafka.bootstrapServers()).topics(missing).build(),
                RecordDecoders.utf8String());
        assertThatThrownBy(job::join)
                .hasStackTraceContaining("topic(s) [" + missing + "] do not exist")
                .hasStackTraceContaining(kafka.bootstrapServers());
    }

    @Test
    void shouldFailWhenTheBrokerIsUnreachable() {
        String nobody = "127.0.0.1:" + FreePorts.pick();
        Job job = run(KafkaSourceConfig.builder(nobody).topics("t").startupTimeout(Duration.ofSeconds(2)).build(),
                RecordDecoders.utf8String());
        assertThatThrownBy(job::join)
                .hasStackTraceContaining("Kafka did not answer within 2000 ms")
                .hasStackTraceContaining("bootstrap.servers=" + nobody);
    }

    @Test
    void shouldFailNamingTopicPartitionAndOffsetOfAnUndecodableRecord() {
        String topic = KafkaTestData.uniqueTopic("poison");
        kafka.createTopic(topic, 2);
        KafkaTestData.produce(kafka, topic, 1, List.of("a", "b", "poison", "c"));
        Job job = run(KafkaSourceConfig.builder(kafka.bootstrapServers()).topics(topic).build(), FAILS_ON_POISON);
        assertThatThrownBy(job::join)
                .hasStackTraceContaining("Cannot decode the record at " + topic + "-1 offset 2")
                .hasStackTraceContaining("not a valid order: 'poison'")
                .hasStackTraceContaining("value 6 bytes");
    }

    @Test
    void shouldWriteUndecodableRecordsToTheDeadLetterTopicAndGoOn() {
        String topic = KafkaTestData.uniqueTopic("poison-dlq");
        String deadLetters = topic + "-dlq";
        kafka.createTopic(topic, 1);
        kafka.createTopic(deadLetters, 1);
        KafkaTestData.produce(kafka, topic, 0, List.of("a", "poison", "b"));
        String listName = "decoded-" + topic;
        Pipeline pipeline = Pipeline.create();
        pipeline.readFrom(JetwaySources.kafka(KafkaSourceConfig.builder(kafka.bootstrapServers()).topics(topic)
                                                               .deadLetterTopic(deadLetters).build(), FAILS_ON_POISON))
                .withoutTimestamps().writeTo(Sinks.list(listName));
        Job job = HZ.cluster().member(0).getJet().newJob(pipeline, new JobConfig());
        try {
            List<ConsumerRecord<byte[], byte[]>> dead = KafkaTestData.readAll(kafka, deadLetters, 1,
                    Duration.ofSeconds(60), true);
            assertThat(dead).hasSize(1);
            ConsumerRecord<byte[], byte[]> letter = dead.get(0);
            assertThat(new String(letter.value(), UTF_8)).isEqualTo("poison");
            assertThat(header(letter, "jetway.dlq.topic")).isEqualTo(topic);
            assertThat(header(letter, "jetway.dlq.partition")).isEqualTo("0");
            assertThat(header(letter, "jetway.dlq.offset")).isEqualTo("1");
            assertThat(header(letter, "jetway.dlq.error")).contains("not a valid order: 'poison'");
            IList<String> decoded = HZ.cluster().member(0).getList(listName);
            await("the records around the poison one").atMost(Duration.ofSeconds(60)).until(() -> decoded.size() >= 2);
            assertThat(List.copyOf(decoded)).containsExactly("a", "b");
            assertThat(job.getStatus().isTerminal()).isFalse();
        } finally {
            job.cancel();
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
        return new String(record.headers().lastHeader(key).value(), UTF_8);
    }

    private Job run(KafkaSourceConfig config, SupplierEx<RecordDecoder<String>> decoder) {
        Pipeline pipeline = Pipeline.create();
        pipeline.readFrom(JetwaySources.kafka(config, decoder)).withoutTimestamps().writeTo(Sinks.noop());
        return HZ.cluster().member(0).getJet().newJob(pipeline, new JobConfig());
    }
}
