package io.jetway.benchmarks.e2e;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * A {@code read_committed} reader following a running count's output ({@link CountEncoder}'s format) on its
 * own thread while the count runs, recording for every output record when the reader got it, from which
 * output partition, and which input event it counts: a key's count {@code c} of key {@code k<i>} is input
 * event {@code (c - 1) * keys + i} ({@code Events}: event {@code seq} has key {@code seq % keys}), produced at
 * a known time ({@link FixedRateProducer}). It checks exactly-once on the way: each key's counts must come as
 * 1, 2, 3, … with no gap and no repeat, and it stops once every key has its final count ({@link FinalCounts}).
 */
final class RecoveryFollower {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final String bootstrap;
    private final String topic;
    private final long keys;
    private final FinalCounts finals;
    private final long[] lastCount;
    private final long[] arrivalNs;
    private final long[] inputSeq;
    private final byte[] partition;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile long firstArrivalNs;
    private final AtomicLongArray latestInputSeq = new AtomicLongArray(CountOutput.PARTITIONS);
    private int records;
    private long violations;
    private String firstViolation;

    /**
     * @param inputRecords events the producer writes in all
     * @param writerAlive  false once the count has failed: the reader then gives up
     */
    RecoveryFollower(String bootstrap, String topic, long inputRecords, long keys, BooleanSupplier writerAlive) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.keys = keys;
        this.finals = new FinalCounts(inputRecords, keys);
        this.lastCount = new long[(int) keys];
        this.arrivalNs = new long[(int) inputRecords];
        this.inputSeq = new long[(int) inputRecords];
        this.partition = new byte[(int) inputRecords];
        this.thread = new Thread(() -> {
            try {
                follow(writerAlive);
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "recovery-follower");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** {@code System.nanoTime()} when the first output record arrived; 0 before. */
    long firstArrivalNs() {
        return firstArrivalNs;
    }

    /**
     * The oldest of the output partitions' newest input events (the input event of each partition's newest
     * output record): the partition furthest behind; -1 before every partition has output.
     */
    long slowestPartitionSeq() {
        long slowest = Long.MAX_VALUE;
        for (int p = 0; p < latestInputSeq.length(); p++) {
            slowest = Math.min(slowest, latestInputSeq.get(p) - 1);
        }
        return slowest;
    }

    /** Waits until every key has its final count and returns what was read; fails as the reader did. */
    Output await() throws InterruptedException {
        thread.join();
        if (failure.get() != null) {
            throw new IllegalStateException("following " + topic + " failed", failure.get());
        }
        if (violations > 0) {
            throw new IllegalStateException(topic + " is not exactly-once: " + violations + " counts out of "
                    + "sequence, first " + firstViolation);
        }
        finals.verify(topic);
        return new Output(Arrays.copyOf(arrivalNs, records), Arrays.copyOf(inputSeq, records),
                Arrays.copyOf(partition, records), finals.finalSum(), finals.checksum());
    }

    /** What the reader read: per record, when it arrived, its input event and its output partition. */
    record Output(long[] arrivalNs, long[] inputSeq, byte[] partition, long finalSum, long checksum) {
    }

    private void follow(BooleanSupplier writerAlive) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try (KafkaConsumer<ByteBuffer, ByteBuffer> consumer = OutputReadBack.consumer(bootstrap, null)) {
            OutputReadBack.assignFromBeginning(consumer, topic, CountOutput.PARTITIONS);
            while (!finals.complete() && violations == 0) {
                ConsumerRecords<ByteBuffer, ByteBuffer> batch = consumer.poll(Duration.ofMillis(20));
                long now = System.nanoTime();
                for (ConsumerRecord<ByteBuffer, ByteBuffer> r : batch) {
                    accept(now, r);
                }
                if (batch.isEmpty() && (System.nanoTime() - deadline > 0 || !writerAlive.getAsBoolean())) {
                    throw new IllegalStateException("read " + records + " records of " + topic + " but not every "
                            + "key's final count when the count ended or " + TIMEOUT + " passed");
                }
            }
        }
    }

    private void accept(long now, ConsumerRecord<ByteBuffer, ByteBuffer> r) {
        String key = StandardCharsets.UTF_8.decode(r.key().duplicate()).toString();
        long count = r.value().getLong(r.value().position());
        int k = Integer.parseInt(key, 1, key.length(), 10);
        if (count != lastCount[k] + 1 && violations++ == 0) {
            firstViolation = "key " + key + ": count " + count + " after " + lastCount[k];
        }
        lastCount[k] = count;
        finals.accept(r.key(), r.value());
        if (records == 0) {
            firstArrivalNs = now;
        }
        long seq = (count - 1) * keys + k;
        if (seq + 1 > latestInputSeq.get(r.partition())) {
            latestInputSeq.set(r.partition(), seq + 1);      // + 1: 0 is "none yet"
        }
        if (records < arrivalNs.length) {
            arrivalNs[records] = now;
            inputSeq[records] = seq;
            partition[records] = (byte) r.partition();
            records++;
        }
    }
}
