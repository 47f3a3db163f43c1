package io.jetway.benchmarks.e2e;

import io.jetway.benchmarks.Checksums;
import io.jetway.benchmarks.Events;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes an input topic: events {@code 0..records-1} of about {@code valueBytes} bytes ({@link Events}), the
 * record key being the event's key, so Kafka's default partitioner puts each key in one partition (which
 * Kafka Streams' {@code groupByKey} needs).
 */
final class InputTopic {

    private InputTopic() {
    }

    /** Produces the events and returns what a reader must find. */
    static InputSummary produce(String bootstrap, String topic, long records, long keys, int valueBytes) {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, "20",
                ProducerConfig.BATCH_SIZE_CONFIG, "262144", ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        Checksums.ValueCrc crc = new Checksums.ValueCrc();
        long valueCrc = 0;
        long seqMix = 0;
        AtomicReference<Exception> firstError = new AtomicReference<>();
        Callback onAck = (metadata, error) -> {
            if (error != null) {
                firstError.compareAndSet(null, error);
            }
        };
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (long i = 0; i < records; i++) {
                byte[] value = Events.bytes(i, keys, valueBytes, 0);
                valueCrc += crc.of(ByteBuffer.wrap(value));
                seqMix += Checksums.mix(i);
                producer.send(new ProducerRecord<>(topic, Events.keyBytes(i, keys), value), onAck);
            }
            producer.flush();
        }
        if (firstError.get() != null) {
            throw new IllegalStateException("Writing input topic '" + topic + "' failed", firstError.get());
        }
        return new InputSummary(topic, records, keys, valueCrc, seqMix);
    }
}
