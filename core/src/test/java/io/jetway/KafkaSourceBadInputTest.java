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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    private Job run(KafkaSourceConfig config, SupplierEx<RecordDecoder<String>> decoder) {
        Pipeline pipeline = Pipeline.create();
        pipeline.readFrom(JetwaySources.kafka(config, decoder)).withoutTimestamps().writeTo(Sinks.noop());
        return HZ.cluster().member(0).getJet().newJob(pipeline, new JobConfig());
    }
}
