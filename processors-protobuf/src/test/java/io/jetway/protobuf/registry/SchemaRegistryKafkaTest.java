package io.jetway.protobuf.registry;

import com.hazelcast.collection.IList;
import com.hazelcast.jet.Job;
import io.jetway.KafkaSourceConfig;
import io.jetway.codec.RecordDecoders;
import io.jetway.protobuf.decode.ProtobufDecodeOptions;
import io.jetway.protobuf.decode.ProtobufDecoder;
import io.jetway.protobuf.encode.ProtobufEncoder;
import io.jetway.protobuf.test.ShopEvents;
import io.jetway.protobuf.test.shop.Payment;
import io.jetway.testing.HazelcastClusterExtension;
import io.jetway.testing.JetJobs;
import io.jetway.testing.KafkaBroker;
import io.jetway.testing.KafkaTestData;
import io.jetway.testing.SharedKafka;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteBufferDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.jetway.protobuf.test.ProtobufKafkaTestSupport.assertDeadLetters;
import static io.jetway.protobuf.test.ProtobufKafkaTestSupport.produceRaw;
import static io.jetway.protobuf.test.ProtobufKafkaTestSupport.producePayments;
import static io.jetway.protobuf.test.ProtobufKafkaTestSupport.startDiscarding;
import static io.jetway.protobuf.test.ProtobufKafkaTestSupport.startPaymentIdsToList;
import static io.jetway.protobuf.test.SchemaRegistryFrames.framed;
import static io.jetway.protobuf.test.SchemaRegistryFrames.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Schema-registry framed Protobuf through a real broker: {@link ProtobufEncoder} with the framing, then
 * {@link ProtobufDecoder} on the consumer's own {@link ByteBuffer}s and in Jetway's source, where wrongly
 * framed records fail the job naming them or go to the dead-letter topic. {@code Payment} is message [2] of
 * {@code payment.proto}, so its path is count 1 (zigzag 02), index 2 (zigzag 04).
 */
class SchemaRegistryKafkaTest {

    private static final long SCHEMA_ID = 16_777_217;      // 0x01000001, above 2^24
    private static final String HEADER = "00 01000001 02 04";

    @RegisterExtension
    static final HazelcastClusterExtension HZ = HazelcastClusterExtension.of(2);

    private final KafkaBroker kafka = SharedKafka.get();

    /** Encoder → producer → broker → consumer (ByteBufferDeserializer: views of the fetch buffer) → decoder. */
    @Test
    void shouldRoundTripFramedPaymentsFromEncoderThroughKafkaToDecoder() throws Exception {
        String topic = KafkaTestData.uniqueTopic("protobuf-registry-roundtrip");
        kafka.createTopic(topic, 2);
        ProtobufEncoder<Payment> encoder = ProtobufEncoder.withStringKey(Payment::getPaymentId)
                .withSchemaRegistryFraming(SCHEMA_ID, SchemaRegistryFraming.messageIndexesOf(Payment.getDescriptor()));
        Collection<Payment> produced = producePayments(kafka, topic, encoder, new Random(17), 0, 500, 2).values();

        ProtobufDecoder<Payment> decoder = ProtobufDecoder.of(Payment.class, ProtobufDecodeOptions.defaults()
                .schemaRegistryFraming(SchemaRegistryFraming.schemaIds(SCHEMA_ID)));
        List<Payment> decoded = new ArrayList<>();
        List<byte[]> rawValues = new ArrayList<>();
        Map<String, Object> consumerProps = kafka.consumerProps();
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteBufferDeserializer.class.getName());
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteBufferDeserializer.class.getName());
        try (KafkaConsumer<ByteBuffer, ByteBuffer> consumer = new KafkaConsumer<>(consumerProps)) {
            consumer.assign(List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1)));
            await("all " + produced.size() + " framed payments consumed from " + topic)
                    .atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO)
                    .until(() -> {
                        for (ConsumerRecord<ByteBuffer, ByteBuffer> record : consumer.poll(Duration.ofMillis(200))) {
                            ByteBuffer value = record.value();
                            byte[] raw = new byte[value.remaining()];
                            value.get(value.position(), raw);
                            rawValues.add(raw);
                            decoded.add(decoder.decode(record.key(), value, null));
                        }
                        return decoded.size() >= produced.size();
                    });
        }
        assertThat(decoded).containsExactlyInAnyOrderElementsOf(produced);
        assertThat(rawValues).allSatisfy(raw -> assertThat(raw).startsWith(hex(HEADER)));
    }

    /**
     * By name (framing=schema-registry, schema-ids=16777217), with a dead-letter topic: the framed payments
     * are decoded; an unframed one, one with another schema id, one with another type's path and a truncated
     * header land in the dead-letter topic, raw, with their coordinates and what was wrong; the job goes on.
     */
    @Test
    void shouldSendWronglyFramedRecordsToTheDeadLetterTopicAndGoOn() {
        String topic = KafkaTestData.uniqueTopic("protobuf-registry-dlq");
        String deadLetters = topic + "-dlq";
        kafka.createTopic(topic, 1);
        kafka.createTopic(deadLetters, 1);
        List<byte[]> values = List.of(
                framed(HEADER, ShopEvents.samplePayment("ok-0")),
                ShopEvents.samplePayment("unframed").toByteArray(),
                framed(HEADER, ShopEvents.samplePayment("ok-2")),
                framed("00 00000002 02 04", ShopEvents.samplePayment("other-id")),
                framed("00 01000001 00", ShopEvents.samplePayment("other-path")),
                hex("00 0100"),
                framed(HEADER, ShopEvents.samplePayment("ok-6")));
        produceRaw(kafka, topic, values);
        String listName = "decoded-" + topic;
        Job job = startPaymentIdsToList(HZ.cluster().member(0),
                KafkaSourceConfig.builder(kafka.bootstrapServers()).topics(topic).deadLetterTopic(deadLetters).build(),
                RecordDecoders.<Payment>byName("protobuf", Map.of("message-class", Payment.class.getName(),
                        "framing", "schema-registry", "schema-ids", String.valueOf(SCHEMA_ID))), listName);
        try {
            List<ConsumerRecord<byte[], byte[]>> dead = KafkaTestData.readAll(kafka, deadLetters, 4,
                    Duration.ofSeconds(60), true);
            int[] offsets = {1, 3, 4, 5};
            String[] reasons = {
                    "the first byte is 0x0a, not the schema-registry magic byte 0x00",
                    "schema id 2 is not one of the accepted ids [16777217]",
                    "the message-index path [0] (schema id 16777217) is not [2], the path of shop.Payment",
                    "the schema-registry header is truncated: 3 bytes"};
            assertDeadLetters(dead, topic, values, offsets, i -> "cannot parse shop.Payment from the record value ("
                    + values.get(offsets[i]).length + " bytes): " + reasons[i]);
            IList<String> decoded = HZ.cluster().member(0).getList(listName);
            JetJobs.awaitWhileRunning(job, "the 3 framed payments around the wrongly framed ones",
                    Duration.ofSeconds(60)).until(() -> decoded.size() >= 3);
            assertThat(List.copyOf(decoded)).containsExactlyInAnyOrder("ok-0", "ok-2", "ok-6");
        } finally {
            job.cancel();
        }
    }

    /** Without a dead-letter topic, an unframed record fails the job naming topic, partition and offset. */
    @Test
    void shouldFailTheJobNamingAnUnframedRecord() {
        String topic = KafkaTestData.uniqueTopic("protobuf-registry-fail");
        kafka.createTopic(topic, 1);
        byte[] unframed = ShopEvents.samplePayment("unframed").toByteArray();
        produceRaw(kafka, topic, List.of(framed(HEADER, ShopEvents.samplePayment("ok-0")), unframed));
        Job job = startDiscarding(HZ.cluster().member(0),
                KafkaSourceConfig.builder(kafka.bootstrapServers()).topics(topic).build(),
                ProtobufDecoder.supplier(Payment.class, ProtobufDecodeOptions.defaults().schemaRegistryFraming()));
        assertThatThrownBy(job::join)
                .hasStackTraceContaining("RecordDecodeException")
                .hasStackTraceContaining("Cannot decode the record at " + topic + "-0 offset 1")
                .hasStackTraceContaining("cannot parse shop.Payment from the record value (" + unframed.length
                        + " bytes): the first byte is 0x0a, not the schema-registry magic byte 0x00");
    }
}
