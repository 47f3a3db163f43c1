package io.jetway.benchmarks.e2e;

import io.jetway.benchmarks.Checksums;
import io.jetway.benchmarks.proto.Event;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One poll loop of {@link BareConsumerVariant} on one thread, over the partitions its consumer is assigned:
 * it checksums each value view, or parses it as an {@link Event} and adds up {@code mix(seq)}, until the
 * loops sharing its {@link Progress} have read the whole input together.
 */
final class ConsumerLoop implements Callable<ConsumerLoop.Result> {

    /**
     * What the loops of one pass read together; a loop that fails stops the others.
     *
     * @param target records in the input
     */
    record Progress(long target, AtomicLong read, AtomicBoolean failed) {

        Progress(long target) {
            this(target, new AtomicLong(), new AtomicBoolean());
        }

        boolean done() {
            return read.get() >= target || failed.get();
        }
    }

    /**
     * What one loop read: its records, the sum of their checksums, and when its first record was processed
     * and its last batch done (0 when it read none).
     */
    record Result(long records, long checksum, long firstNs, long lastNs) {

        /** The loops together: sums of records and checksums (checksums add up, see {@code Checksums}), first to last. */
        Result plus(Result other) {
            if (other.records == 0) {
                return this;
            }
            if (records == 0) {
                return other;
            }
            return new Result(records + other.records, checksum + other.checksum, Math.min(firstNs, other.firstNs),
                    Math.max(lastNs, other.lastNs));
        }
    }

    private final KafkaConsumer<ByteBuffer, ByteBuffer> consumer;
    private final boolean decode;
    private final Progress progress;

    ConsumerLoop(KafkaConsumer<ByteBuffer, ByteBuffer> consumer, boolean decode, Progress progress) {
        this.consumer = consumer;
        this.decode = decode;
        this.progress = progress;
    }

    @Override
    public Result call() throws Exception {
        try {
            return read();
        } catch (Exception | Error e) {
            progress.failed().set(true);
            throw e;
        }
    }

    private Result read() throws Exception {
        Checksums.ValueCrc crc = new Checksums.ValueCrc();
        long count = 0;
        long checksum = 0;
        long firstNs = 0;
        long lastNs = 0;
        while (!progress.done()) {
            ConsumerRecords<ByteBuffer, ByteBuffer> batch = consumer.poll(Duration.ofMillis(100));
            for (ConsumerRecord<ByteBuffer, ByteBuffer> r : batch) {
                checksum += decode ? Checksums.mix(Event.parseFrom(r.value()).getSeq()) : crc.of(r.value());
                if (count++ == 0) {
                    firstNs = System.nanoTime();
                }
            }
            if (!batch.isEmpty()) {
                lastNs = System.nanoTime();
                progress.read().addAndGet(batch.count());
            }
        }
        return new Result(count, checksum, firstNs, lastNs);
    }
}
