package io.jetway.benchmarks.jmh;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * A consumer stub that returns the same pre-built batch on every poll, so that a benchmark measures the
 * source processor's own work per record (walk, decode, emit, offsets) and not the broker or the
 * consumer's fetch path. Only for benchmarks; tests use a real broker.
 */
final class ReplayingConsumer extends MockConsumer<ByteBuffer, ByteBuffer> {

    private final ConsumerRecords<ByteBuffer, ByteBuffer> batch;

    ReplayingConsumer(ConsumerRecords<ByteBuffer, ByteBuffer> batch) {
        super("earliest");
        this.batch = batch;
    }

    @Override
    public synchronized ConsumerRecords<ByteBuffer, ByteBuffer> poll(Duration timeout) {
        return batch;
    }

    @Override
    public OptionalLong currentLag(TopicPartition partition) {
        return OptionalLong.of(0);
    }
}
