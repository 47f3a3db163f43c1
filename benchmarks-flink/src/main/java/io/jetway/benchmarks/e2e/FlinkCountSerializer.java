package io.jetway.benchmarks.e2e;

import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes a {@code (key, running count)} pair as the other count jobs with a Kafka output do
 * ({@code StartupVariant}): record key = the key's UTF-8 bytes, value = the count as 8 big-endian bytes, the
 * partition chosen by Kafka's default partitioner from the key, so each key's counts stay in order.
 */
final class FlinkCountSerializer implements KafkaRecordSerializationSchema<Tuple2<String, Long>> {

    private static final long serialVersionUID = 1L;

    private final String topic;

    FlinkCountSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(Tuple2<String, Long> element, KafkaSinkContext context,
                                                    Long timestamp) {
        byte[] value = ByteBuffer.allocate(Long.BYTES).putLong(0, element.f1).array();
        return new ProducerRecord<>(topic, element.f0.getBytes(StandardCharsets.UTF_8), value);
    }
}
