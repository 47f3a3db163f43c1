package io.jetway;

import io.jetway.testing.KafkaBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.concurrent.TimeUnit;

import static java.nio.charset.StandardCharsets.UTF_8;

/** Produces test records with explicit partitions and timestamps; returns once all are acknowledged. */
final class TestRecords {

    private TestRecords() {
    }

    /** Values {@code from..to-1} as decimal strings, key = value, value {@code i} to partition {@code i % partitions}. */
    static void produceRange(KafkaBroker kafka, String topic, int from, int to, int partitions) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerProps())) {
            for (int i = from; i < to; i++) {
                byte[] bytes = Integer.toString(i).getBytes(UTF_8);
                producer.send(new ProducerRecord<>(topic, i % partitions, bytes, bytes));
            }
            producer.flush();
        }
    }

    /** One record per value, all to {@code partition}, each with the timestamp at the same index. */
    static void produceTimed(KafkaBroker kafka, String topic, int partition, String[] values, long[] timestamps)
            throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerProps())) {
            java.util.List<java.util.concurrent.Future<?>> acks = new java.util.ArrayList<>();
            for (int i = 0; i < values.length; i++) {
                acks.add(producer.send(new ProducerRecord<>(topic, partition, timestamps[i], null,
                        values[i].getBytes(UTF_8))));
            }
            producer.flush();
            for (java.util.concurrent.Future<?> ack : acks) {
                ack.get(30, TimeUnit.SECONDS);
            }
        }
    }
}
