package io.jetway.internal.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.ByteBuffer;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Builds the dead letter of a record the decoder rejected: the raw key and value, the original headers,
 * and headers naming where it came from and why. A dead letter never exceeds {@code maxRecordBytes}
 * (the smaller of the producer's {@code max.request.size} and the topic's {@code max.message.bytes}): a
 * larger one keeps only the head of its value (and, if the key alone is too large, of its key), with
 * {@value #HEADER_TRUNCATED}{@code =true} and the original sizes in headers, so that it always lands.
 * <pre>
 *   header                              value
 *   jetway.dlq.topic / .partition / .offset / .timestamp   the record's coordinates (always)
 *   jetway.dlq.error                    the decoder's exception, at most 2,000 characters (always)
 *   jetway.dlq.truncated                "true" (only when cut)
 *   jetway.dlq.original.value.size      the value's size in bytes (only when cut)
 *   jetway.dlq.original.key.size        the key's size in bytes (only when the key was cut too)
 * </pre>
 */
final class DeadLetterRecords {

    static final String HEADER_TOPIC = "jetway.dlq.topic";
    static final String HEADER_PARTITION = "jetway.dlq.partition";
    static final String HEADER_OFFSET = "jetway.dlq.offset";
    static final String HEADER_TIMESTAMP = "jetway.dlq.timestamp";
    static final String HEADER_ERROR = "jetway.dlq.error";
    static final String HEADER_TRUNCATED = "jetway.dlq.truncated";
    static final String HEADER_VALUE_SIZE = "jetway.dlq.original.value.size";
    static final String HEADER_KEY_SIZE = "jetway.dlq.original.key.size";

    static final int MAX_ERROR_CHARS = 2_000;

    // Upper bound of what Kafka adds around one record in its own batch (v2: 61 bytes of batch header,
    // at most 21 of record header, varint lengths of key, value and header count), with room to spare.
    static final int RECORD_OVERHEAD_BYTES = 128;
    // Per header: varint lengths of its key and value.
    private static final int HEADER_OVERHEAD_BYTES = 10;

    private DeadLetterRecords() {
    }

    /**
     * The dead letter of {@code record} for {@code topic}; the key and value views are read, not moved.
     * Allocates the copies it sends, so it runs once per dead letter, never per record.
     */
    static ProducerRecord<byte[], byte[]> build(String topic, ConsumerRecord<ByteBuffer, ByteBuffer> record,
                                                Exception error, int maxRecordBytes) {
        final ByteBuffer key = record.key();
        final ByteBuffer value = record.value();
        final int keySize = key == null ? 0 : key.remaining();
        final int valueSize = value == null ? 0 : value.remaining();
        RecordHeaders headers = new RecordHeaders();
        for (Header h : record.headers()) {
            headers.add(h);
        }
        headers.add(HEADER_TOPIC, record.topic().getBytes(UTF_8));
        headers.add(HEADER_PARTITION, Integer.toString(record.partition()).getBytes(UTF_8));
        headers.add(HEADER_OFFSET, Long.toString(record.offset()).getBytes(UTF_8));
        headers.add(HEADER_TIMESTAMP, Long.toString(record.timestamp()).getBytes(UTF_8));
        headers.add(HEADER_ERROR, errorText(error).getBytes(UTF_8));
        int keyKept = keySize;
        int valueKept = valueSize;
        if (sizeUpperBound(keySize, valueSize, headers) > maxRecordBytes) {
            headers.add(HEADER_TRUNCATED, "true".getBytes(UTF_8));
            headers.add(HEADER_VALUE_SIZE, Integer.toString(valueSize).getBytes(UTF_8));
            int room = maxRecordBytes - sizeUpperBound(0, 0, headers);
            if (room >= keySize) {
                valueKept = Math.min(valueSize, room - keySize);
            } else {
                headers.add(HEADER_KEY_SIZE, Integer.toString(keySize).getBytes(UTF_8));
                valueKept = 0;
                keyKept = Math.max(0, Math.min(keySize, maxRecordBytes - sizeUpperBound(0, 0, headers)));
            }
        }
        return new ProducerRecord<>(topic, null, record.timestamp(), head(key, keyKept), head(value, valueKept),
                headers);
    }

    /** An upper bound of the bytes a record with these sizes and headers takes in a batch of its own. */
    static int sizeUpperBound(int keySize, int valueSize, Iterable<Header> headers) {
        long size = RECORD_OVERHEAD_BYTES + (long) keySize + valueSize;
        for (Header h : headers) {
            size += HEADER_OVERHEAD_BYTES + h.key().getBytes(UTF_8).length + (h.value() == null ? 0 : h.value().length);
        }
        return (int) Math.min(Integer.MAX_VALUE, size);
    }

    /** An upper bound of the bytes {@code record} takes in a batch of its own. */
    static int sizeUpperBound(ProducerRecord<byte[], byte[]> record) {
        return sizeUpperBound(record.key() == null ? 0 : record.key().length,
                record.value() == null ? 0 : record.value().length, record.headers());
    }

    private static String errorText(Exception error) {
        String text = String.valueOf(error);
        return text.length() <= MAX_ERROR_CHARS ? text : text.substring(0, MAX_ERROR_CHARS - 3) + "...";
    }

    /** The first {@code length} bytes of the view ({@code null} stays {@code null}); the view does not move. */
    private static byte[] head(ByteBuffer buffer, int length) {
        if (buffer == null) {
            return null;
        }
        byte[] copy = new byte[length];
        buffer.get(buffer.position(), copy, 0, length);
        return copy;
    }
}
