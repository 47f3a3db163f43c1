package io.jetway.benchmarks.e2e;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteBufferDeserializer;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The limit on this machine: one {@link KafkaConsumer} with {@link ByteBufferDeserializer} in a poll loop
 * on one thread, checksumming each value view and decoding nothing.
 */
final class BareConsumerVariant implements Variant {

    @Override
    public String name() {
        return "bare-consumer";
    }

    @Override
    public Measurement readAll(String bootstrap, String topic, long records) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        ValueChecksum crc = new ValueChecksum();
        try (KafkaConsumer<ByteBuffer, ByteBuffer> consumer =
                     new KafkaConsumer<>(props, new ByteBufferDeserializer(), new ByteBufferDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long count = 0;
            long checksum = 0;
            long firstNs = 0;
            long lastNs = 0;
            while (count < records) {
                ConsumerRecords<ByteBuffer, ByteBuffer> batch = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<ByteBuffer, ByteBuffer> r : batch) {
                    checksum += crc.of(r.value());
                    if (count++ == 0) {
                        firstNs = System.nanoTime();
                    }
                }
                lastNs = System.nanoTime();
            }
            return new Measurement(name(), count, checksum, (count - 1) * 1e9 / (lastNs - firstNs));
        }
    }
}
