package io.jetway.internal.kafka;

import com.hazelcast.collection.IList;
import com.hazelcast.function.SupplierEx;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.Sinks;
import io.jetway.JetwaySources;
import io.jetway.KafkaSourceConfig;
import io.jetway.spi.codec.RecordContext;
import io.jetway.spi.codec.RecordDecoder;
import io.jetway.testing.HazelcastClusterExtension;
import io.jetway.testing.JetJobs;
import io.jetway.testing.KafkaBroker;
import io.jetway.testing.KafkaTestData;
import io.jetway.testing.SharedKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The dead-letter path against a real broker: the topic is checked at job start, a dead-letter topic that
 * cannot take letters never stalls the source's thread (good records keep flowing until the bound of
 * unacknowledged letters, then the source pauses without losing any), and an oversize record lands
 * truncated. The members run in this JVM, so a static counter sees what the decoder did.
 */
class KafkaSourceDeadLetterTest {

    private static final AtomicInteger POISON_DECODED = new AtomicInteger();

    @RegisterExtension
    static final HazelcastClusterExtension HZ = HazelcastClusterExtension.of(1);

    private final KafkaBroker kafka = SharedKafka.get();

    private static final SupplierEx<RecordDecoder<String>> FAILS_ON_POISON = () ->
            (ByteBuffer key, ByteBuffer value, RecordContext ctx) -> {
                String s = UTF_8.decode(value).toString();
                if (s.startsWith("poison")) {
                    POISON_DECODED.incrementAndGet();
                    throw new IllegalArgumentException("not a valid order: '" + s.substring(0, Math.min(20, s.length()))
                            + "'");
                }
                return s;
            };

    /**
     * Purpose: a missing dead-letter topic fails the job at start, like a missing source topic.
     * Pass: the failure names the topic and the bootstrap servers, and not even the good record was read.
     */
    @Test
    void shouldFailAtStartNamingAMissingDeadLetterTopic() {
        String topic = KafkaTestData.uniqueTopic("dlq-missing");
        String deadLetters = topic + "-dlq";
        kafka.createTopic(topic, 1);
        KafkaTestData.produce(kafka, topic, 0, List.of("a"));
        IList<String> decoded = list(topic);

        Job job = run(topic, source(topic, deadLetters).build());

        assertThatThrownBy(job::join)
                .hasStackTraceContaining("dead-letter topic '" + deadLetters + "' at bootstrap.servers="
                        + kafka.bootstrapServers() + " does not exist");
        assertThat(List.copyOf(decoded)).as("records read before the failure").isEmpty();
    }

    /**
     * Purpose: dead-letter sends run off the source's thread, and the bound of unacknowledged letters
     * backpressures the source instead of dropping letters.
     * Steps: the dead-letter topic is deleted after the start check, so the producer waits for its metadata;
     * then a good record, more poison records than the bound, and a last good record are written; then the
     * topic is created again.
     * Pass: the good record before the poison arrives at once; the decoder stops at the bound and the last
     * good record waits; once the topic is back, every poison record is in it and the last record arrives.
     */
    @Test
    void shouldNotBlockOnDeadLettersAndBackpressureWithoutLosingAny() throws Exception {
        String topic = KafkaTestData.uniqueTopic("dlq-slow");
        String deadLetters = topic + "-dlq";
        kafka.createTopic(topic, 1);
        kafka.createTopic(deadLetters, 1);
        IList<String> decoded = list(topic);
        POISON_DECODED.set(0);
        // long enough for the producer to wait out the missing topic
        Job job = run(topic, source(topic, deadLetters).property(ProducerConfig.MAX_BLOCK_MS_CONFIG, "300000").build());
        try {
            KafkaTestData.produce(kafka, topic, 0, List.of("a"));
            JetJobs.awaitWhileRunning(job, "record 'a' decoded", Duration.ofSeconds(60))
                   .until(() -> decoded.contains("a"));
            kafka.admin().deleteTopics(List.of(deadLetters)).all().get(30, TimeUnit.SECONDS);
            await("topic " + deadLetters + " deleted").atMost(Duration.ofSeconds(30))
                    .until(() -> !kafka.admin().listTopics().names().get(10, TimeUnit.SECONDS).contains(deadLetters));

            int poisonCount = DeadLetterWriter.MAX_PENDING_LETTERS + 100;
            List<String> values = new ArrayList<>();
            values.add("b");
            for (int i = 0; i < poisonCount; i++) {
                values.add("poison-" + i);
            }
            values.add("z");
            KafkaTestData.produce(kafka, topic, 0, values);   // offsets: a=0, b=1, poison 2.., z last

            // Before: the first send blocked the source's thread for max.block.ms, "b" included.
            JetJobs.awaitWhileRunning(job, "record 'b', before the poison, decoded", Duration.ofSeconds(15))
                   .until(() -> decoded.contains("b"));
            JetJobs.awaitWhileRunning(job, "the source paused at the bound of pending dead letters",
                            Duration.ofSeconds(30))
                   .until(() -> POISON_DECODED.get() >= DeadLetterWriter.MAX_PENDING_LETTERS);
            await("the source staying paused while the dead-letter topic is missing")
                    .during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> POISON_DECODED.get() == DeadLetterWriter.MAX_PENDING_LETTERS
                            && !decoded.contains("z"));

            await("topic " + deadLetters + " created again").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> {
                        kafka.createTopic(deadLetters, 1);
                        return true;
                    });
            List<ConsumerRecord<byte[], byte[]>> letters = KafkaTestData.readAll(kafka, deadLetters, poisonCount,
                    Duration.ofSeconds(120), true);
            Set<Long> offsets = new TreeSet<>();
            for (ConsumerRecord<byte[], byte[]> letter : letters) {
                offsets.add(Long.parseLong(header(letter, DeadLetterRecords.HEADER_OFFSET)));
            }
            Set<Long> expected = new TreeSet<>();
            for (long offset = 2; offset < 2 + poisonCount; offset++) {
                expected.add(offset);
            }
            assertThat(offsets).as("source offsets of the dead letters").isEqualTo(expected);
            JetJobs.awaitWhileRunning(job, "record 'z', after the poison, decoded", Duration.ofSeconds(60))
                   .until(() -> decoded.contains("z"));
            assertThat(List.copyOf(decoded)).containsExactly("a", "b", "z");
        } finally {
            job.cancel();
        }
    }

    /**
     * Purpose: a dead letter that cannot be written fails the job naming the record, rather than losing it.
     * Pass: with the topic deleted and a short {@code max.block.ms}, the job fails naming topic, partition
     * and offset of the poison record and the dead-letter topic.
     */
    @Test
    void shouldFailNamingTheRecordWhenItsDeadLetterCannotBeWritten() throws Exception {
        String topic = KafkaTestData.uniqueTopic("dlq-fails");
        String deadLetters = topic + "-dlq";
        kafka.createTopic(topic, 1);
        kafka.createTopic(deadLetters, 1);
        IList<String> decoded = list(topic);
        Job job = run(topic, source(topic, deadLetters).property(ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000").build());
        KafkaTestData.produce(kafka, topic, 0, List.of("a"));
        JetJobs.awaitWhileRunning(job, "record 'a' decoded", Duration.ofSeconds(60)).until(() -> decoded.contains("a"));
        kafka.admin().deleteTopics(List.of(deadLetters)).all().get(30, TimeUnit.SECONDS);
        await("topic " + deadLetters + " deleted").atMost(Duration.ofSeconds(30))
                .until(() -> !kafka.admin().listTopics().names().get(10, TimeUnit.SECONDS).contains(deadLetters));

        KafkaTestData.produce(kafka, topic, 0, List.of("poison", "b"));

        assertThatThrownBy(job::join)
                .hasStackTraceContaining("the dead letter of the record at " + topic + "-0 offset 1 could not be "
                        + "written to dead-letter topic '" + deadLetters + "'");
        assertThat(List.copyOf(decoded)).as("the good record after the poison one is not lost behind it").contains("b");
    }

    /**
     * Purpose: a record too large for the dead-letter producer still lands, truncated, and the job goes on.
     * Steps: a 2 MB poison record between two good ones, in a topic that accepts it; the dead-letter topic and
     * producer keep Kafka's 1 MB defaults.
     * Pass: the letter has the head of the value, {@code jetway.dlq.truncated=true}, the original size and
     * coordinates; both good records arrive and the job still runs.
     */
    @Test
    void shouldWriteAnOversizeRecordTruncatedAndGoOn() throws Exception {
        String topic = KafkaTestData.uniqueTopic("dlq-oversize");
        String deadLetters = topic + "-dlq";
        kafka.createTopic(topic, 1, Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(4 << 20)));
        kafka.createTopic(deadLetters, 1);
        byte[] poison = new byte[2 << 20];
        Arrays.fill(poison, (byte) 'x');
        System.arraycopy("poison".getBytes(UTF_8), 0, poison, 0, 6);
        Map<String, Object> props = kafka.producerProps();
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(4 << 20));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>(topic, 0, null, "a".getBytes(UTF_8))).get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(topic, 0, null, poison)).get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(topic, 0, null, "b".getBytes(UTF_8))).get(30, TimeUnit.SECONDS);
        }
        IList<String> decoded = list(topic);
        Job job = run(topic, source(topic, deadLetters).build());
        try {
            List<ConsumerRecord<byte[], byte[]>> letters = KafkaTestData.readAll(kafka, deadLetters, 1,
                    Duration.ofSeconds(60), true);
            assertThat(letters).hasSize(1);
            ConsumerRecord<byte[], byte[]> letter = letters.get(0);
            assertThat(header(letter, DeadLetterRecords.HEADER_TRUNCATED)).isEqualTo("true");
            assertThat(header(letter, DeadLetterRecords.HEADER_VALUE_SIZE)).isEqualTo(String.valueOf(poison.length));
            assertThat(header(letter, DeadLetterRecords.HEADER_TOPIC)).isEqualTo(topic);
            assertThat(header(letter, DeadLetterRecords.HEADER_PARTITION)).isEqualTo("0");
            assertThat(header(letter, DeadLetterRecords.HEADER_OFFSET)).isEqualTo("1");
            assertThat(letter.value().length).as("truncated value size").isBetween(1 << 19, 1 << 20);
            assertThat(letter.value()).isEqualTo(Arrays.copyOf(poison, letter.value().length));
            JetJobs.awaitWhileRunning(job, "records 'a' and 'b' decoded", Duration.ofSeconds(60))
                   .until(() -> decoded.size() >= 2);
            assertThat(List.copyOf(decoded)).containsExactly("a", "b");
            assertThat(job.getStatus().isTerminal()).isFalse();
        } finally {
            job.cancel();
        }
    }

    private KafkaSourceConfig.Builder source(String topic, String deadLetters) {
        return KafkaSourceConfig.builder(kafka.bootstrapServers()).topics(topic).localParallelism(1)
                                .deadLetterTopic(deadLetters);
    }

    private IList<String> list(String topic) {
        return HZ.cluster().member(0).getList("decoded-" + topic);
    }

    private Job run(String topic, KafkaSourceConfig config) {
        Pipeline pipeline = Pipeline.create();
        pipeline.readFrom(JetwaySources.kafka(config, FAILS_ON_POISON)).withoutTimestamps()
                .writeTo(Sinks.list("decoded-" + topic));
        return HZ.cluster().member(0).getJet().newJob(pipeline, new JobConfig().setName(topic));
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
        assertThat(record.headers().lastHeader(key)).as("header " + key).isNotNull();
        return new String(record.headers().lastHeader(key).value(), UTF_8);
    }
}
