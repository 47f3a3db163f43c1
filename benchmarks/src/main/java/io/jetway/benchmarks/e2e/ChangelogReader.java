package io.jetway.benchmarks.e2e;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteBufferDeserializer;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The reference for restores: one bare {@link KafkaConsumer} ({@link ByteBufferDeserializer},
 * {@code read_committed}, {@code max.poll.records} as the changelog backend's restore consumers) reading
 * every partition of a changelog topic from its beginning to its last stable offset, touching each record.
 * Its time runs from creating the consumer to reaching the end, as the backend's restore time does.
 */
final class ChangelogReader {

    private ChangelogReader() {
    }

    /** Reads {@code topic} once; returns the records read and the time it took. */
    static RestoreProbe.Restore readAll(String bootstrap, String topic) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        long startNs = System.nanoTime();
        long records = 0;
        long touched = 0;
        try (KafkaConsumer<ByteBuffer, ByteBuffer> consumer =
                     new KafkaConsumer<>(props, new ByteBufferDeserializer(), new ByteBufferDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<TopicPartition> pending = new ArrayList<>(partitions);
            while (!pending.isEmpty()) {
                ConsumerRecords<ByteBuffer, ByteBuffer> batch = consumer.poll(Duration.ofMillis(100));
                for (var r : batch) {
                    touched += r.key().remaining() + (r.value() == null ? 0 : r.value().remaining());
                    records++;
                }
                pending.removeIf(tp -> consumer.position(tp) >= ends.get(tp));
            }
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
        if (touched < 0) {
            throw new AssertionError();   // keeps the bytes "used"
        }
        return new RestoreProbe.Restore(millis, records);
    }

    /**
     * The sum of the log end offsets of {@code topic}'s partitions: its records plus one transaction marker per
     * partition and transaction, or -1 when the brokers did not answer.
     */
    static long endOffsetSum(String bootstrap, String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                                  .get(topic).partitions().size();
            return OutputReadBack.endOffsetSum(admin, topic, partitions, IsolationLevel.READ_UNCOMMITTED);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            System.err.println("Could not read the end offsets of " + topic + ": " + e);
            return -1;
        }
    }

    /** Deletes {@code topics}, ignoring those that do not exist. */
    static void deleteTopics(String bootstrap, List<String> topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.deleteTopics(topics).all().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("Could not delete topics " + topics + ": " + e);
        }
    }
}
