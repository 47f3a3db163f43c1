package io.jetway.internal.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Writes records the decoder rejected to a dead-letter topic, raw key and value unchanged, with the
 * original headers plus {@code jetway.dlq.topic}, {@code jetway.dlq.partition}, {@code jetway.dlq.offset},
 * {@code jetway.dlq.timestamp} and {@code jetway.dlq.error}.
 * <p>
 * Sends are asynchronous; {@link #allAcknowledged()} lets the source hold its snapshot until every
 * dead letter before it is acknowledged, so a completed snapshot never covers an unwritten dead letter.
 * A failed send fails the job ({@link #checkError()}). After a restore, records since the snapshot are
 * read again, so a dead letter can be written twice: dead letters are at-least-once.
 * <p>
 * Threads: {@link #write} and the checks run on the processor thread; the callback runs on the producer's
 * I/O thread and only touches the two atomics.
 */
final class DeadLetterWriter implements AutoCloseable {

    static final String HEADER_TOPIC = "jetway.dlq.topic";
    static final String HEADER_PARTITION = "jetway.dlq.partition";
    static final String HEADER_OFFSET = "jetway.dlq.offset";
    static final String HEADER_TIMESTAMP = "jetway.dlq.timestamp";
    static final String HEADER_ERROR = "jetway.dlq.error";

    private final String topic;
    private final Properties producerProperties;
    private final AtomicInteger inFlight = new AtomicInteger();
    // keeps the FIRST failure: later ones are usually its consequences
    private final AtomicReference<Exception> firstError = new AtomicReference<>();
    private final Callback onAck = (metadata, error) -> {
        if (error != null) {
            firstError.compareAndSet(null, error);
        }
        inFlight.decrementAndGet();
    };
    private KafkaProducer<byte[], byte[]> producer;

    DeadLetterWriter(String topic, Map<String, String> clientProperties, String clientId) {
        this.topic = topic;
        this.producerProperties = new Properties();
        clientProperties.forEach((k, v) -> {
            if (ProducerConfig.configNames().contains(k) && !k.startsWith("key.") && !k.startsWith("value.")) {
                producerProperties.put(k, v);
            }
        });
        producerProperties.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        producerProperties.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProperties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    }

    /** Sends {@code record} with the decoder's {@code error}; the producer is created at the first dead letter. */
    void write(ConsumerRecord<ByteBuffer, ByteBuffer> record, Exception error) {
        checkError();
        if (producer == null) {
            producer = new KafkaProducer<>(producerProperties, new ByteArraySerializer(), new ByteArraySerializer());
        }
        RecordHeaders headers = new RecordHeaders();
        for (Header h : record.headers()) {
            headers.add(h);
        }
        headers.add(HEADER_TOPIC, record.topic().getBytes(UTF_8));
        headers.add(HEADER_PARTITION, Integer.toString(record.partition()).getBytes(UTF_8));
        headers.add(HEADER_OFFSET, Long.toString(record.offset()).getBytes(UTF_8));
        headers.add(HEADER_TIMESTAMP, Long.toString(record.timestamp()).getBytes(UTF_8));
        headers.add(HEADER_ERROR, String.valueOf(error).getBytes(UTF_8));
        inFlight.incrementAndGet();
        producer.send(new ProducerRecord<>(topic, null, record.timestamp(), bytes(record.key()), bytes(record.value()),
                headers), onAck);
    }

    /** Whether every dead letter sent so far is acknowledged; fails the job if one failed. */
    boolean allAcknowledged() {
        checkError();
        return inFlight.get() == 0;
    }

    /** Throws the first send failure, if any. */
    void checkError() {
        Exception error = firstError.get();
        if (error != null) {
            throw new IllegalStateException("Writing a dead letter to topic '" + topic + "' failed: " + error, error);
        }
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }
}
