package io.jetway.benchmarks.e2e;

import io.jetway.benchmarks.Checksums;
import io.jetway.benchmarks.proto.Event;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The limit on this machine: one {@link KafkaConsumer} with {@link ByteBufferDeserializer} in a poll loop on
 * one thread. Without decode it checksums each value view ({@code bare-consumer}); with decode it parses each
 * value as an {@link Event} with {@code Event.parseFrom(ByteBuffer)} on the same thread
 * ({@code bare-consumer-protobuf}). Kafka's default consumer settings, but for {@code bare-consumer-rcvbuf}: the
 * socket buffer sized by the OS ({@code receive.buffer.bytes=-1}), as Jetway's source sets it by default.
 */
final class BareConsumerVariant implements Variant {

    private final boolean decode;
    private final Map<String, String> extraProperties;

    BareConsumerVariant(boolean decode) {
        this(decode, Map.of());
    }

    /** @param extraProperties consumer properties on top of the loop's own ({@code bare-consumer-rcvbuf}) */
    BareConsumerVariant(boolean decode, Map<String, String> extraProperties) {
        this.decode = decode;
        this.extraProperties = Map.copyOf(extraProperties);
    }

    @Override
    public Measurement run(VariantSettings s) throws Exception {
        return Passes.warmUpThenMeasure(s, () -> readAll(s));
    }

    private Measurement readAll(VariantSettings s) throws Exception {
        Map<String, Object> props = new HashMap<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrap(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
        props.putAll(extraProperties);
        Checksums.ValueCrc crc = new Checksums.ValueCrc();
        try (KafkaConsumer<ByteBuffer, ByteBuffer> consumer =
                     new KafkaConsumer<>(props, new ByteBufferDeserializer(), new ByteBufferDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(s.topic())) {
                partitions.add(new TopicPartition(s.topic(), p.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long count = 0;
            long checksum = 0;
            long firstNs = 0;
            long lastNs = 0;
            while (count < s.records()) {
                ConsumerRecords<ByteBuffer, ByteBuffer> batch = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<ByteBuffer, ByteBuffer> r : batch) {
                    checksum += decode ? Checksums.mix(Event.parseFrom(r.value()).getSeq()) : crc.of(r.value());
                    if (count++ == 0) {
                        firstNs = System.nanoTime();
                    }
                }
                lastNs = System.nanoTime();
            }
            return Measurement.throughput(s.variant(), count, checksum, firstNs, lastNs);
        }
    }
}
