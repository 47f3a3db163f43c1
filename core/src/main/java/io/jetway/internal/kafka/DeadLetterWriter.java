package io.jetway.internal.kafka;

import io.jetway.kafka.common.KafkaProperties;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes records the decoder rejected to the dead-letter topic (built by {@link DeadLetterRecords}),
 * without ever blocking the source's thread.
 * <p>
 * {@link #write} only queues the letter; a thread of this writer, started at the first letter, hands it
 * to the producer, whose {@code send} may block on metadata for {@code max.block.ms}. Letters written and
 * not yet acknowledged are bounded ({@value #MAX_PENDING_LETTERS} letters, {@value #MAX_PENDING_BYTES}
 * bytes): once {@link #hasRoom()} is false the source stops taking records until acknowledgements make
 * room, so a slow or unreachable dead-letter topic backpressures the source and no letter is ever dropped.
 * {@link #allAcknowledged()} lets the source hold its snapshot until every dead letter before it is
 * acknowledged, so a completed snapshot never covers an unwritten one. A failed send fails the job
 * ({@link #checkError()}) naming the record. After a restore, records since the snapshot are read again,
 * so a dead letter can be written twice: dead letters are at-least-once.
 * <p>
 * Threads: {@link #write}, {@link #hasRoom}, the checks and {@link #close} run on the processor thread;
 * the sender thread only takes from the queue and calls {@code send}; the callbacks run on the producer's
 * I/O thread (or on the sender thread when {@code send} throws) and only touch the atomics.
 */
final class DeadLetterWriter implements AutoCloseable {

    /** At most this many dead letters written and not yet acknowledged. */
    static final int MAX_PENDING_LETTERS = 256;
    /** At most about this many bytes of dead letters written and not yet acknowledged (one letter always fits). */
    static final long MAX_PENDING_BYTES = 32L << 20;

    private static final long CLOSE_TIMEOUT_MS = 5_000;

    private final String topic;
    private final String where;
    private final String clientId;
    private final Properties producerProperties;
    private final int maxRecordBytes;
    // write() adds only while pendingLetters < MAX_PENDING_LETTERS, and a queued letter is pending: never full
    private final BlockingQueue<Letter> queue = new ArrayBlockingQueue<>(MAX_PENDING_LETTERS);
    // incremented on the processor thread, decremented by the callbacks
    private final AtomicInteger pendingLetters = new AtomicInteger();
    private final AtomicLong pendingBytes = new AtomicLong();
    // keeps the FIRST failure (later ones are usually its consequences); set before the pending count drops,
    // so whoever sees the count drop sees the failure too
    private final AtomicReference<RuntimeException> firstError = new AtomicReference<>();
    private Thread sender;
    private volatile boolean closed;

    /**
     * A writer to {@code topic}; nothing is opened before the first letter.
     *
     * @param clientProperties the source's client properties: the producer takes those it knows
     * @param where            the job and vertex, for messages
     */
    DeadLetterWriter(DeadLetterTopic topic, Map<String, String> clientProperties, String clientId, String where) {
        this.topic = topic.name();
        this.where = where;
        this.clientId = clientId;
        this.producerProperties = new Properties();
        clientProperties.forEach((k, v) -> {
            if (ProducerConfig.configNames().contains(k) && !k.startsWith("key.") && !k.startsWith("value.")) {
                producerProperties.put(k, v);
            }
        });
        producerProperties.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        producerProperties.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProperties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        this.maxRecordBytes = maxRecordBytes(producerProperties, topic.maxMessageBytes());
    }

    /** The largest dead letter sent, in bytes: the producer's and the topic's limits, whichever is smaller. */
    int maxRecordBytes() {
        return maxRecordBytes;
    }

    /**
     * Queues the dead letter of {@code record} with the decoder's {@code error}; never blocks. Call it only
     * while {@link #hasRoom()}.
     */
    void write(ConsumerRecord<ByteBuffer, ByteBuffer> record, Exception error) {
        checkError();
        ProducerRecord<byte[], byte[]> letter = DeadLetterRecords.build(topic, record, error, maxRecordBytes);
        Letter pending = new Letter(record.topic(), record.partition(), record.offset(), letter,
                DeadLetterRecords.sizeUpperBound(letter));
        pendingLetters.incrementAndGet();
        pendingBytes.addAndGet(pending.bytes);
        if (!queue.offer(pending)) {
            throw new IllegalStateException("DeadLetterWriter.write() called without room; " + pendingLetters.get()
                    + " letters pending");
        }
        if (sender == null) {
            sender = new Thread(this::sendLoop, "jetway-dlq-" + clientId);
            sender.setDaemon(true);
            sender.start();
        }
    }

    /** Whether another letter may be written; false means: stop taking records until it turns true. */
    boolean hasRoom() {
        return pendingLetters.get() < MAX_PENDING_LETTERS && pendingBytes.get() < MAX_PENDING_BYTES;
    }

    /** Whether every dead letter written so far is acknowledged; fails the job if one failed. */
    boolean allAcknowledged() {
        int pending = pendingLetters.get();     // read before the error: see firstError
        checkError();
        return pending == 0;
    }

    /** Throws the first send failure, if any. */
    void checkError() {
        RuntimeException error = firstError.get();
        if (error != null) {
            throw error;
        }
    }

    /** Stops the sender thread and closes the producer; letters not yet acknowledged are not covered by a snapshot. */
    @Override
    public void close() {
        closed = true;
        if (sender == null) {
            return;
        }
        sender.interrupt();
        try {
            sender.join(2 * CLOSE_TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sendLoop() {
        KafkaProducer<byte[], byte[]> producer;
        try {
            producer = new KafkaProducer<>(producerProperties, new ByteArraySerializer(), new ByteArraySerializer());
        } catch (RuntimeException e) {
            firstError.compareAndSet(null, new IllegalStateException("Kafka source " + where + ": cannot create the "
                    + "producer of dead-letter topic '" + topic + "' with "
                    + KafkaProperties.redacted(producerProperties) + ": " + e, e));
            return;
        }
        try {
            while (!closed) {
                Letter letter = queue.take();
                try {
                    producer.send(letter.record, letter);   // blocks this thread only (metadata, buffer.memory)
                } catch (InterruptException e) {
                    return;                                 // close(): the letter is not covered by a snapshot
                } catch (RuntimeException e) {
                    letter.onCompletion(null, e);
                }
            }
        } catch (InterruptedException e) {
            // close()
        } finally {
            Thread.interrupted();                           // let close() below wait for the in-flight sends
            producer.close(Duration.ofMillis(CLOSE_TIMEOUT_MS));
        }
    }

    /** The producer's max.request.size (and buffer.memory), capped by the topic's max.message.bytes when known. */
    private static int maxRecordBytes(Properties producerProperties, int topicMaxMessageBytes) {
        Map<String, Object> defaults = ProducerConfig.configDef().defaultValues();
        long max = Math.min(longValue(producerProperties, ProducerConfig.MAX_REQUEST_SIZE_CONFIG, defaults),
                longValue(producerProperties, ProducerConfig.BUFFER_MEMORY_CONFIG, defaults));
        if (topicMaxMessageBytes > 0) {
            max = Math.min(max, topicMaxMessageBytes);
        }
        return (int) Math.min(Integer.MAX_VALUE, max);
    }

    private static long longValue(Properties properties, String key, Map<String, Object> defaults) {
        Object value = properties.get(key);
        return Long.parseLong(String.valueOf(value == null ? defaults.get(key) : value).trim());
    }

    /** One queued dead letter; its own callback, so that a failure names the record. */
    private final class Letter implements Callback {
        final String sourceTopic;
        final int partition;
        final long offset;
        final ProducerRecord<byte[], byte[]> record;
        final int bytes;

        Letter(String sourceTopic, int partition, long offset, ProducerRecord<byte[], byte[]> record, int bytes) {
            this.sourceTopic = sourceTopic;
            this.partition = partition;
            this.offset = offset;
            this.record = record;
            this.bytes = bytes;
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception error) {
            if (error != null) {
                firstError.compareAndSet(null, RecordErrors.deadLetterFailed(where, sourceTopic, partition, offset,
                        topic, error));
            }
            pendingBytes.addAndGet(-bytes);
            pendingLetters.decrementAndGet();
        }
    }
}
