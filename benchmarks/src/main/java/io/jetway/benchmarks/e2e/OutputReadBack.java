package io.jetway.benchmarks.e2e;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteBufferDeserializer;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.ToLongFunction;

/** What a {@code read_committed} reader sees of a variant's output topic: how many records, and all of them read back. */
final class OutputReadBack {

    private OutputReadBack() {
    }

    /** Records a {@code read_committed} reader can see in {@code topic}: the sum of its partitions' last stable offsets. */
    static long visibleRecords(Admin admin, String topic, int partitions) throws Exception {
        return endOffsetSum(admin, topic, partitions, IsolationLevel.READ_COMMITTED);
    }

    /**
     * The sum of {@code topic}'s partitions' end offsets as a reader at {@code isolation} sees them: last stable
     * offsets for {@code READ_COMMITTED}, high watermarks (records and transaction markers) otherwise.
     */
    static long endOffsetSum(Admin admin, String topic, int partitions, IsolationLevel isolation) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        long sum = 0;
        for (var info : admin.listOffsets(latest, new ListOffsetsOptions(isolation)).all()
                             .get(30, TimeUnit.SECONDS).values()) {
            sum += info.offset();
        }
        return sum;
    }

    /** {count, sum of {@code checksumOfValue} over every record} of {@code topic}'s {@code partitions}. */
    static long[] countAndChecksum(String bootstrap, String clientId, String topic, int partitions,
                                   ToLongFunction<ByteBuffer> checksumOfValue) {
        long[] checksum = new long[1];
        long count = readAll(bootstrap, clientId, topic, partitions,
                (key, value) -> checksum[0] += checksumOfValue.applyAsLong(value));
        return new long[] {count, checksum[0]};
    }

    /** Sees each record a reader reads back; the buffers are views valid during the call only. */
    @FunctionalInterface
    interface RecordVisitor {
        void accept(ByteBuffer key, ByteBuffer value);
    }

    /**
     * Reads {@code topic}'s {@code partitions} from the beginning to their ends as a {@code read_committed}
     * reader, each partition in offset order; returns how many records it read.
     */
    private static long readAll(String bootstrap, String clientId, String topic, int partitions,
                                RecordVisitor visitor) {
        long count = 0;
        try (KafkaConsumer<ByteBuffer, ByteBuffer> consumer = consumer(bootstrap, clientId)) {
            List<TopicPartition> assigned = assignFromBeginning(consumer, topic, partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(assigned);
            while (assigned.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                for (ConsumerRecord<ByteBuffer, ByteBuffer> r : consumer.poll(Duration.ofMillis(100))) {
                    visitor.accept(r.key(), r.value());
                    count++;
                }
            }
        }
        return count;
    }

    /**
     * Reads {@code topic}'s {@code partitions} from the beginning as a {@code read_committed} reader while they
     * are being written, until {@code done} (asked after each batch) holds, and returns {@code System.nanoTime()}
     * at that point; fails, naming {@code awaited}, when {@code writerAlive} turns false or {@code timeout}
     * passes first.
     */
    static long readUntil(String bootstrap, String topic, int partitions, RecordVisitor visitor, BooleanSupplier done,
                          String awaited, BooleanSupplier writerAlive, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long count = 0;
        try (KafkaConsumer<ByteBuffer, ByteBuffer> consumer = consumer(bootstrap, null)) {
            assignFromBeginning(consumer, topic, partitions);
            while (!done.getAsBoolean()) {
                ConsumerRecords<ByteBuffer, ByteBuffer> batch = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<ByteBuffer, ByteBuffer> r : batch) {
                    visitor.accept(r.key(), r.value());
                    count++;
                }
                // asked only when nothing came: the writer may have ended after committing the rest
                if (batch.isEmpty() && !done.getAsBoolean()
                        && (System.nanoTime() - deadline > 0 || !writerAlive.getAsBoolean())) {
                    throw new IllegalStateException("a read_committed reader of " + topic + " read " + count
                            + " records but not " + awaited + " when its writer ended or " + timeout + " passed");
                }
            }
        }
        return System.nanoTime();
    }

    /** A {@code read_committed} consumer of raw key and value buffers, no group; {@code clientId} may be null. */
    static KafkaConsumer<ByteBuffer, ByteBuffer> consumer(String bootstrap, String clientId) {
        Map<String, Object> props = new HashMap<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false", ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000"));
        if (clientId != null) {
            props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        }
        return new KafkaConsumer<>(props, new ByteBufferDeserializer(), new ByteBufferDeserializer());
    }

    /** Assigns {@code topic}'s partitions 0 to {@code partitions - 1} and seeks to their beginning. */
    static List<TopicPartition> assignFromBeginning(KafkaConsumer<?, ?> consumer, String topic, int partitions) {
        List<TopicPartition> assigned = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            assigned.add(new TopicPartition(topic, p));
        }
        consumer.assign(assigned);
        consumer.seekToBeginning(assigned);
        return assigned;
    }
}
