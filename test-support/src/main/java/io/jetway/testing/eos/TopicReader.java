package io.jetway.testing.eos;

import io.jetway.testing.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static java.nio.charset.StandardCharsets.UTF_8;

/** Reads a whole topic with plain consumers (no group), to given end offsets, at one isolation level. */
final class TopicReader implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(100);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions;
    private final String topic;

    TopicReader(KafkaBroker broker, String topic, boolean readCommitted) {
        Map<String, Object> props = broker.consumerProps();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        this.consumer = new KafkaConsumer<>(props);
        this.topic = topic;
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            consumer.close();
            throw new AssertionError("Topic '" + topic + "' does not exist or has no partitions");
        }
        this.partitions = new ArrayList<>();
        for (PartitionInfo info : infos) {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    List<TopicPartition> partitions() {
        return partitions;
    }

    /** End offsets at this reader's isolation level: the high watermark, or the last stable offset. */
    Map<TopicPartition, Long> endOffsets() {
        return new HashMap<>(consumer.endOffsets(partitions));
    }

    /** The records not read yet, polled once. */
    List<OutputRecord> pollOnce() {
        List<OutputRecord> records = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
            String value = r.value() == null ? null : new String(r.value(), UTF_8);
            records.add(new OutputRecord(r.partition(), r.offset(), value));
        }
        return records;
    }

    /**
     * Reads from the current positions until every partition's position reaches {@code ends}.
     *
     * @throws AssertionError when {@code timeout} passes first
     */
    List<OutputRecord> readTo(Map<TopicPartition, Long> ends, Duration timeout) {
        List<OutputRecord> records = new ArrayList<>();
        long deadlineNs = System.nanoTime() + timeout.toNanos();
        while (!reached(ends)) {
            if (System.nanoTime() - deadlineNs >= 0) {
                throw new AssertionError("Topic '" + topic + "': positions " + positions() + " did not reach " + ends
                        + " within " + timeout);
            }
            records.addAll(pollOnce());
        }
        return records;
    }

    private boolean reached(Map<TopicPartition, Long> ends) {
        for (TopicPartition tp : partitions) {
            if (consumer.position(tp) < ends.getOrDefault(tp, 0L)) {
                return false;
            }
        }
        return true;
    }

    private Map<Integer, Long> positions() {
        Map<Integer, Long> positions = new HashMap<>();
        for (TopicPartition tp : partitions) {
            positions.put(tp.partition(), consumer.position(tp));
        }
        return positions;
    }

    @Override
    @SuppressWarnings("deprecation") // CloseOptions is kafka-clients 4.1+; close(Duration) works on every 4.x
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }

    /** A record as read: where it is and its value as text. */
    record OutputRecord(int partition, long offset, String value) {
    }
}
