package io.jetway.protobuf.test;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.function.SupplierEx;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.Sinks;
import io.jetway.JetwaySources;
import io.jetway.KafkaSourceConfig;
import io.jetway.protobuf.encode.ProtobufEncoder;
import io.jetway.protobuf.test.shop.Payment;
import io.jetway.spi.codec.RecordDecoder;
import io.jetway.testing.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteBufferSerializer;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the Protobuf tests on a real broker share: writing payments and raw values, running Jetway's source
 * over them, and checking what reached the dead-letter topic.
 */
public final class ProtobufKafkaTestSupport {

    private ProtobufKafkaTestSupport() {
    }

    /**
     * Writes {@code count} random payments ({@link ShopEvents#payment}) with ids {@code "pay-<firstId>"} on,
     * key and value from {@code encoder}, payment {@code i} to partition {@code i % partitions}; returns them
     * by id, in the order written, once all are acknowledged.
     */
    public static Map<String, Payment> producePayments(KafkaBroker kafka, String topic,
                                                       ProtobufEncoder<Payment> encoder, Random random, int firstId,
                                                       int count, int partitions) {
        Map<String, Object> props = kafka.producerProps();
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteBufferSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteBufferSerializer.class.getName());
        Map<String, Payment> produced = new LinkedHashMap<>();
        try (KafkaProducer<ByteBuffer, ByteBuffer> producer = new KafkaProducer<>(props)) {
            List<Future<?>> acks = new ArrayList<>();
            for (int i = firstId; i < firstId + count; i++) {
                Payment payment = ShopEvents.payment(random).toBuilder().setPaymentId("pay-" + i).build();
                produced.put(payment.getPaymentId(), payment);
                acks.add(producer.send(new ProducerRecord<>(topic, i % partitions, encoder.encodeKey(payment),
                        encoder.encodeValue(payment))));
            }
            awaitAcks(producer, acks);
        } catch (Exception e) {
            throw new AssertionError("producing to " + topic + " failed: " + e, e);
        }
        return produced;
    }

    /** Writes {@code values} as they are (no key) to partition 0 of {@code topic}, in order; returns once all are acknowledged. */
    public static void produceRaw(KafkaBroker kafka, String topic, List<byte[]> values) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerProps())) {
            List<Future<?>> acks = new ArrayList<>();
            for (byte[] value : values) {
                acks.add(producer.send(new ProducerRecord<>(topic, 0, null, value)));
            }
            awaitAcks(producer, acks);
        } catch (Exception e) {
            throw new AssertionError("producing to " + topic + " failed: " + e, e);
        }
    }

    private static void awaitAcks(KafkaProducer<?, ?> producer, List<Future<?>> acks) throws Exception {
        producer.flush();
        for (Future<?> ack : acks) {
            ack.get(30, TimeUnit.SECONDS);
        }
    }

    /** Starts a job that reads with {@code decoder} and discards what it decodes: for tests that await its failure. */
    public static Job startDiscarding(HazelcastInstance member, KafkaSourceConfig config,
                                      SupplierEx<? extends RecordDecoder<Payment>> decoder) {
        Pipeline pipeline = Pipeline.create();
        pipeline.readFrom(JetwaySources.kafka(config, decoder)).withoutTimestamps().writeTo(Sinks.noop());
        return member.getJet().newJob(pipeline);
    }

    /** Starts a job that reads with {@code decoder} and adds the id of every decoded payment to list {@code listName}. */
    public static Job startPaymentIdsToList(HazelcastInstance member, KafkaSourceConfig config,
                                            SupplierEx<? extends RecordDecoder<Payment>> decoder, String listName) {
        Pipeline pipeline = Pipeline.create();
        pipeline.readFrom(JetwaySources.kafka(config, decoder))
                .withoutTimestamps().map(Payment::getPaymentId).writeTo(Sinks.list(listName));
        return member.getJet().newJob(pipeline);
    }

    /**
     * Asserts that {@code dead} holds one letter per entry of {@code offsets}: letter {@code i} is the raw
     * {@code values.get(offsets[i])}, from partition 0 of {@code topic} at offset {@code offsets[i]}, and its
     * error header contains {@code expectedError.apply(i)}.
     */
    public static void assertDeadLetters(List<ConsumerRecord<byte[], byte[]>> dead, String topic,
                                         List<byte[]> values, int[] offsets, IntFunction<String> expectedError) {
        assertThat(dead).hasSize(offsets.length);
        for (int i = 0; i < offsets.length; i++) {
            ConsumerRecord<byte[], byte[]> letter = dead.get(i);
            assertThat(letter.value()).as("raw record %d", i).isEqualTo(values.get(offsets[i]));
            assertThat(header(letter, "jetway.dlq.topic")).isEqualTo(topic);
            assertThat(header(letter, "jetway.dlq.partition")).isEqualTo("0");
            assertThat(header(letter, "jetway.dlq.offset")).isEqualTo(String.valueOf(offsets[i]));
            assertThat(header(letter, "jetway.dlq.error")).contains(expectedError.apply(i));
        }
    }

    /** The last value of header {@code key}, as UTF-8. */
    public static String header(ConsumerRecord<byte[], byte[]> record, String key) {
        return new String(record.headers().lastHeader(key).value(), UTF_8);
    }
}
