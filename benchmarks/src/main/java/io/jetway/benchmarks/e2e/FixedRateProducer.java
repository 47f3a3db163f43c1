package io.jetway.benchmarks.e2e;

import io.jetway.benchmarks.Events;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Produces events {@code 0..total-1} ({@link Events}, keyed by their key) into a topic at a fixed rate: every
 * millisecond it sends what is due, with {@code linger.ms=1} and {@code acks=all}. Event {@code i} is due at
 * {@link #intendedNanos(long) startNanos + i / rate} and carries that time, so a sender that falls behind still
 * shows up as latency. A spinning sender would take one of the two cores.
 */
final class FixedRateProducer {

    private final String bootstrap;
    private final String topic;
    private final long total;
    private final long keys;
    private final int valueBytes;
    private final double intervalNs;
    private volatile long startNanos;

    FixedRateProducer(String bootstrap, String topic, long total, long keys, int valueBytes, int rate) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.total = total;
        this.keys = keys;
        this.valueBytes = valueBytes;
        this.intervalNs = 1e9 / rate;
    }

    /** {@code System.nanoTime()} at which event 0 was due; 0 before {@link #run()} started. */
    long startNanos() {
        return startNanos;
    }

    /** When event {@code seq} was due, in {@code System.nanoTime()} terms. */
    long intendedNanos(long seq) {
        return startNanos + (long) (seq * intervalNs);
    }

    /** The first event due at or after {@code nanos}. */
    long firstSeqAtOrAfter(long nanos) {
        return Math.max(0, (long) Math.ceil((nanos - startNanos) / intervalNs));
    }

    /** Sends every event, flushes, and returns the nanoseconds from the first to the last send. */
    long run() {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, "1", ProducerConfig.ACKS_CONFIG, "all");
        AtomicReference<Exception> firstError = new AtomicReference<>();
        Callback onAck = (metadata, error) -> {
            if (error != null) {
                firstError.compareAndSet(null, error);
            }
        };
        long start = System.nanoTime();
        startNanos = start;
        long last = start;
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (long i = 0; i < total; ) {
                long now = System.nanoTime();
                for (long intended = intendedNanos(i); i < total && intended <= now; intended = intendedNanos(i)) {
                    producer.send(new ProducerRecord<>(topic, Events.keyBytes(i, keys),
                            Events.bytes(i, keys, valueBytes, intended)), onAck);
                    i++;
                }
                last = System.nanoTime();
                LockSupport.parkNanos(1_000_000);
            }
            producer.flush();
        }
        if (firstError.get() != null) {
            throw new IllegalStateException("producing the fixed-rate input into " + topic + " failed",
                    firstError.get());
        }
        return last - start;
    }
}
