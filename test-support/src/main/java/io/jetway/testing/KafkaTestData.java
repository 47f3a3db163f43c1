package io.jetway.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/** Writes and reads test records with plain clients, so that tests check Jetway against Kafka itself. */
public final class KafkaTestData {
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final int MAX_TOPIC_NAME = 249;
    private static final AtomicLong TOPIC_COUNTER = new AtomicLong();

    private KafkaTestData() {
    }

    /** Writes {@code values} (UTF-8, null key) to one partition, in order; returns once all are acknowledged. */
    public static void produce(KafkaBroker broker, String topic, int partition, List<String> values) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(values.size());
        for (String value : values) {
            records.add(new ProducerRecord<>(topic, partition, null, utf8(value)));
        }
        send(broker, topic, records);
    }

    /**
     * Writes the values {@code "0"} to {@code count-1} (UTF-8), value {@code i} with key {@code i} to
     * partition {@code i % partitions}; returns once all are acknowledged.
     */
    public static void produceStrings(KafkaBroker broker, String topic, int count, int partitions) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] bytes = utf8(Integer.toString(i));
            records.add(new ProducerRecord<>(topic, i % partitions, bytes, bytes));
        }
        send(broker, topic, records);
    }

    private static void send(KafkaBroker broker, String topic, List<ProducerRecord<byte[], byte[]>> records) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(broker.producerProps())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
            for (ProducerRecord<byte[], byte[]> record : records) {
                acks.add(producer.send(record));
            }
            producer.flush();
            long deadlineNs = System.nanoTime() + SEND_TIMEOUT.toNanos();
            for (int i = 0; i < acks.size(); i++) {
                awaitAck(acks.get(i), deadlineNs, topic, i, records.size());
            }
        }
    }

    private static void awaitAck(Future<RecordMetadata> ack, long deadlineNs, String topic, int index, int total) {
        try {
            ack.get(Math.max(0, deadlineNs - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Record " + index + " of " + total + " to topic '" + topic
                    + "' failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Record " + index + " of " + total + " to topic '" + topic
                    + "' not acknowledged within " + SEND_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while producing to '" + topic + "'", e);
        }
    }

    /**
     * Reads every partition of {@code topic} from the beginning, with a consumer without group, until at
     * least {@code expectedCount} records arrived and the consumer reached the end of every partition
     * (the last stable offset when {@code readCommitted}), so that duplicates beyond the expected count
     * are returned too. Records of one partition are in offset order.
     *
     * @throws AssertionError naming the topic, the expected and the found counts when {@code timeout} passes
     *                        first, with each partition's position, last stable offset, high watermark and
     *                        open transactions
     */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(KafkaBroker broker, String topic, int expectedCount,
                                                             Duration timeout, boolean readCommitted) {
        Map<String, Object> props = broker.consumerProps();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted");
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>(Math.max(expectedCount, 16));
        long deadlineNs = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = partitionsOf(consumer, topic, timeout);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (true) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    found.add(record);
                }
                if (found.size() >= expectedCount && atEnd(consumer, partitions)) {
                    return found;
                }
                if (System.nanoTime() - deadlineNs >= 0) {
                    throw new AssertionError("Topic '" + topic + "': expected " + expectedCount + " records"
                            + (readCommitted ? " (read_committed)" : "") + ", found " + found.size()
                            + " within " + timeout + PartitionReport.of(broker.admin(), consumer, partitions));
                }
            }
        }
    }

    private static List<TopicPartition> partitionsOf(KafkaConsumer<?, ?> consumer, String topic, Duration timeout) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            throw new AssertionError("Topic '" + topic + "' does not exist or has no partitions");
        }
        List<TopicPartition> partitions = new ArrayList<>(infos.size());
        for (PartitionInfo info : infos) {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        return partitions;
    }

    private static boolean atEnd(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions) {
        // endOffsets honours the consumer's isolation level: the last stable offset under read_committed.
        Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions));
        for (TopicPartition partition : partitions) {
            if (consumer.position(partition) < ends.get(partition)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A topic name not used before in this JVM nor, very likely, by an earlier run on the same broker:
     * {@code prefix-<counter>-<random>}, with characters Kafka does not allow in the prefix replaced by '_'.
     */
    public static String uniqueTopic(String prefix) {
        String legalPrefix = prefix.replaceAll("[^a-zA-Z0-9._-]", "_");
        String suffix = "-" + TOPIC_COUNTER.incrementAndGet() + "-"
                + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
        int room = MAX_TOPIC_NAME - suffix.length();
        return (legalPrefix.length() > room ? legalPrefix.substring(0, room) : legalPrefix) + suffix;
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
