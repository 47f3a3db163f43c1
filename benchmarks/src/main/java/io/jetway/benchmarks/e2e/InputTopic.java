package io.jetway.benchmarks.e2e;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.Map;
import java.util.SplittableRandom;

/** Writes the benchmark's input: {@code records} values of {@code valueBytes} pseudo-random printable bytes. */
final class InputTopic {

    private InputTopic() {
    }

    /** Produces the records round-robin over the partitions and returns the checksum of all values. */
    static long produce(String bootstrap, String topic, int partitions, long records, int valueBytes) {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, "20",
                ProducerConfig.BATCH_SIZE_CONFIG, "262144", ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        SplittableRandom random = new SplittableRandom(42);
        ValueChecksum checksum = new ValueChecksum();
        long sum = 0;
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (long i = 0; i < records; i++) {
                byte[] value = new byte[valueBytes];
                for (int b = 0; b < valueBytes; b++) {
                    value[b] = (byte) (' ' + random.nextInt(95));
                }
                byte[] key = Long.toString(i % 100_000).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                sum += checksum.of(java.nio.ByteBuffer.wrap(value));
                producer.send(new ProducerRecord<>(topic, (int) (i % partitions), key, value));
            }
            producer.flush();
        }
        return sum;
    }
}
