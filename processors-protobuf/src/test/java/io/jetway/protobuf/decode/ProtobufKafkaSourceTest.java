package io.jetway.protobuf.decode;

import com.hazelcast.collection.IList;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.aggregate.AggregateOperations;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.config.ProcessingGuarantee;
import com.hazelcast.jet.impl.AbstractJobProxy;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.Sinks;
import com.hazelcast.jet.pipeline.StreamStage;
import com.hazelcast.map.IMap;
import io.jetway.JetwaySources;
import io.jetway.KafkaSourceConfig;
import io.jetway.protobuf.encode.ProtobufEncoder;
import io.jetway.protobuf.test.PoisonPayloads;
import io.jetway.protobuf.test.ShopEvents;
import io.jetway.protobuf.test.shop.Payment;
import io.jetway.testing.HazelcastClusterExtension;
import io.jetway.testing.JetJobs;
import io.jetway.testing.KafkaBroker;
import io.jetway.testing.KafkaTestData;
import io.jetway.testing.SharedKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import static io.jetway.protobuf.test.ProtobufKafkaTestSupport.assertDeadLetters;
import static io.jetway.protobuf.test.ProtobufKafkaTestSupport.header;
import static io.jetway.protobuf.test.ProtobufKafkaTestSupport.produceRaw;
import static io.jetway.protobuf.test.ProtobufKafkaTestSupport.producePayments;
import static io.jetway.protobuf.test.ProtobufKafkaTestSupport.startDiscarding;
import static io.jetway.protobuf.test.ProtobufKafkaTestSupport.startPaymentIdsToList;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Protobuf end to end on a real broker and a real 2-member cluster: records written by
 * {@link ProtobufEncoder}, read by Jetway's source with {@link ProtobufDecoder}, counted exactly once
 * across a forced restart; malformed records fail the job naming them, or go to the dead-letter topic.
 */
class ProtobufKafkaSourceTest {

    private static final int PARTITIONS = 4;
    private static final int PER_PHASE = 2_000;

    @RegisterExtension
    static final HazelcastClusterExtension HZ = HazelcastClusterExtension.of(2);

    private final KafkaBroker kafka = SharedKafka.get();

    /**
     * A keyed rolling count of payments by id, restored from the same snapshot as the offsets, must end at
     * exactly 1 per payment although the job is restarted forcefully (no terminal snapshot: records after
     * the last snapshot are read again); the decoded payments, stored in an IMap, equal those produced.
     */
    @Test
    void shouldCountEveryPaymentExactlyOnceAcrossAForcedRestart() {
        String topic = KafkaTestData.uniqueTopic("protobuf-exactly-once");
        kafka.createTopic(topic, PARTITIONS);
        HazelcastInstance member = HZ.cluster().member(0);
        Pipeline pipeline = Pipeline.create();
        StreamStage<Payment> payments = pipeline
                .readFrom(JetwaySources.kafka(KafkaSourceConfig.builder(kafka.bootstrapServers()).topics(topic).build(),
                        ProtobufDecoder.supplier(Payment.class)))
                .withoutTimestamps();
        payments.groupingKey(Payment::getPaymentId).rollingAggregate(AggregateOperations.counting())
                .writeTo(Sinks.map("counts-" + topic));
        payments.writeTo(Sinks.map("payments-" + topic, Payment::getPaymentId, p -> p));
        Job job = member.getJet().newJob(pipeline, new JobConfig().setName("protobuf-exactly-once")
                .setProcessingGuarantee(ProcessingGuarantee.EXACTLY_ONCE).setSnapshotIntervalMillis(200));
        try {
            IMap<String, Long> counts = member.getMap("counts-" + topic);
            Map<String, Payment> produced = new HashMap<>(produce(topic, new Random(21), 0));
            awaitAtLeast(counts, PER_PHASE / 2);
            JetJobs.awaitSnapshotAfter(member, job, -1);
            ((AbstractJobProxy<?, ?>) job).restart(false);

            produced.putAll(produce(topic, new Random(22), PER_PHASE));
            awaitAtLeast(counts, 2 * PER_PHASE);

            Map<String, Long> all = counts.getAll(counts.keySet());
            assertThat(all).hasSize(2 * PER_PHASE);
            assertThat(all.entrySet().stream().filter(e -> e.getValue() != 1L)
                          .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)))
                    .as("payments counted other than once").isEmpty();
            IMap<String, Payment> decoded = member.getMap("payments-" + topic);
            assertThat(decoded.getAll(produced.keySet())).isEqualTo(produced);
            assertThat(job.getStatus().isTerminal()).isFalse();
        } finally {
            job.cancel();
        }
    }

    /** Produces {@value #PER_PHASE} random payments with ids from {@code firstId}, keyed by id, spread over the partitions. */
    private Map<String, Payment> produce(String topic, Random random, int firstId) {
        return producePayments(kafka, topic, ProtobufEncoder.withStringKey(Payment::getPaymentId), random, firstId,
                PER_PHASE, PARTITIONS);
    }

    private static void awaitAtLeast(IMap<String, Long> counts, int expected) {
        await("at least " + expected + " payments counted in map '" + counts.getName() + "'")
                .atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50))
                .until(() -> counts.size() >= expected);
    }

    /** Without a dead-letter topic, a malformed record fails the job with its coordinates and the parser's reason. */
    @ParameterizedTest
    @ValueSource(strings = {"truncated", "garbage", "wrong-type"})
    void shouldFailTheJobNamingTheMalformedRecord(String poison) {
        String topic = KafkaTestData.uniqueTopic("protobuf-poison-" + poison);
        kafka.createTopic(topic, 1);
        Map.Entry<byte[], String> payload = PoisonPayloads.ALL.get(poison);
        produceRaw(kafka, topic, List.of(ShopEvents.samplePayment("ok-0").toByteArray(), payload.getKey(),
                ShopEvents.samplePayment("ok-2").toByteArray()));
        Job job = startDiscarding(HZ.cluster().member(0),
                KafkaSourceConfig.builder(kafka.bootstrapServers()).topics(topic).build(),
                ProtobufDecoder.supplier(Payment.class));
        assertThatThrownBy(job::join)
                .hasStackTraceContaining("RecordDecodeException")
                .hasStackTraceContaining("Cannot decode the record at " + topic + "-0 offset 1")
                .hasStackTraceContaining("cannot parse shop.Payment from the record value (" + payload.getKey().length
                        + " bytes): ")
                .hasStackTraceContaining(payload.getValue());
    }

    /** With a dead-letter topic, each malformed record lands there raw, with its coordinates and error; the job goes on. */
    @Test
    void shouldSendMalformedRecordsToTheDeadLetterTopicAndGoOn() {
        String topic = KafkaTestData.uniqueTopic("protobuf-dlq");
        String deadLetters = topic + "-dlq";
        kafka.createTopic(topic, 1);
        kafka.createTopic(deadLetters, 1);
        List<byte[]> values = List.of(ShopEvents.samplePayment("ok-0").toByteArray(), PoisonPayloads.TRUNCATED,
                ShopEvents.samplePayment("ok-2").toByteArray(), PoisonPayloads.GARBAGE, PoisonPayloads.WRONG_TYPE,
                ShopEvents.samplePayment("ok-5").toByteArray());
        produceRaw(kafka, topic, values);
        String listName = "decoded-" + topic;
        Job job = startPaymentIdsToList(HZ.cluster().member(0),
                KafkaSourceConfig.builder(kafka.bootstrapServers()).topics(topic).deadLetterTopic(deadLetters).build(),
                ProtobufDecoder.supplier(Payment.class), listName);
        try {
            List<ConsumerRecord<byte[], byte[]>> dead = KafkaTestData.readAll(kafka, deadLetters, 3,
                    Duration.ofSeconds(60), true);
            assertDeadLetters(dead, topic, values, new int[]{1, 3, 4},
                    i -> "cannot parse shop.Payment from the record value");
            IList<String> decoded = HZ.cluster().member(0).getList(listName);
            await("the 3 valid payments around the malformed ones").atMost(Duration.ofSeconds(60))
                    .until(() -> decoded.size() >= 3);
            assertThat(List.copyOf(decoded)).as("Jet does not keep order across the map stage")
                    .containsExactlyInAnyOrder("ok-0", "ok-2", "ok-5");
            assertThat(job.getStatus().isTerminal()).isFalse();
        } finally {
            job.cancel();
        }
    }

    /** With failOnEmpty, a 0-byte value fails the job naming the record, like malformed bytes. */
    @Test
    void shouldFailTheJobNamingAnEmptyRecordWhenEmptyPayloadsAreErrors() {
        String topic = KafkaTestData.uniqueTopic("protobuf-empty");
        kafka.createTopic(topic, 1);
        produceRaw(kafka, topic, List.of(ShopEvents.samplePayment("ok-0").toByteArray(), new byte[0]));
        Job job = startDiscarding(HZ.cluster().member(0),
                KafkaSourceConfig.builder(kafka.bootstrapServers()).topics(topic).build(),
                ProtobufDecoder.supplier(Payment.class, ProtobufDecodeOptions.defaults().failOnEmpty()));
        assertThatThrownBy(job::join)
                .hasStackTraceContaining("Cannot decode the record at " + topic + "-0 offset 1")
                .hasStackTraceContaining("cannot parse shop.Payment from the record value (0 bytes): it is empty");
    }

    /** With option on-empty=fail (decoder chosen by name) and a dead-letter topic, a 0-byte value is a dead letter. */
    @Test
    void shouldSendAnEmptyRecordToTheDeadLetterTopicWhenEmptyPayloadsAreErrors() {
        String topic = KafkaTestData.uniqueTopic("protobuf-empty-dlq");
        String deadLetters = topic + "-dlq";
        kafka.createTopic(topic, 1);
        kafka.createTopic(deadLetters, 1);
        produceRaw(kafka, topic, List.of(ShopEvents.samplePayment("ok-0").toByteArray(), new byte[0],
                ShopEvents.samplePayment("ok-2").toByteArray()));
        String listName = "decoded-" + topic;
        Job job = startPaymentIdsToList(HZ.cluster().member(0),
                KafkaSourceConfig.builder(kafka.bootstrapServers()).topics(topic).deadLetterTopic(deadLetters).build(),
                io.jetway.codec.RecordDecoders.<Payment>byName("protobuf",
                        Map.of("message-class", Payment.class.getName(), "on-empty", "fail")), listName);
        try {
            List<ConsumerRecord<byte[], byte[]>> dead = KafkaTestData.readAll(kafka, deadLetters, 1,
                    Duration.ofSeconds(60), true);
            assertThat(dead).hasSize(1);
            ConsumerRecord<byte[], byte[]> letter = dead.get(0);
            assertThat(letter.value()).isEmpty();
            assertThat(header(letter, "jetway.dlq.offset")).isEqualTo("1");
            assertThat(header(letter, "jetway.dlq.error")).contains("from the record value (0 bytes): it is empty");
            IList<String> decoded = HZ.cluster().member(0).getList(listName);
            JetJobs.awaitWhileRunning(job, "the 2 valid payments around the empty one", Duration.ofSeconds(60))
                   .until(() -> decoded.size() >= 2);
            assertThat(List.copyOf(decoded)).containsExactlyInAnyOrder("ok-0", "ok-2");
        } finally {
            job.cancel();
        }
    }
}
