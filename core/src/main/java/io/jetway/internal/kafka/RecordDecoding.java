package io.jetway.internal.kafka;

import io.jetway.spi.codec.RecordDecoder;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.ByteBuffer;

/**
 * Decodes the source's records, and decides what a decoder failure does: fail the job naming the record
 * ({@link RecordErrors#decodeFailed}), or, when the source has a dead-letter topic, hand the record to the
 * {@link DeadLetterWriter} and go on. Never skips a record.
 * <p>
 * Hot path: per record one decoder call through a reused {@link ConsumerRecordContext}, and four plain
 * {@code int}s remembering the views' bounds (the decoder may move them) for a dead letter; nothing
 * allocated. Processor thread only.
 */
final class RecordDecoding<T> implements AutoCloseable {

    private final RecordDecoder<T> decoder;
    private final DeadLetterWriter deadLetters;
    private final SourceMetrics metrics;
    private final String where;
    private final ConsumerRecordContext context = new ConsumerRecordContext();
    // set when a dead letter used the writer's last room: the batch stops until acknowledgements free some
    private boolean deadLettersFull;

    /**
     * @param deadLetters the writer to the dead-letter topic, or {@code null} to fail the job on a bad record
     * @param where       the job and vertex, for messages
     */
    RecordDecoding(RecordDecoder<T> decoder, DeadLetterWriter deadLetters, SourceMetrics metrics, String where) {
        this.decoder = decoder;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.where = where;
    }

    /** The decoded item; {@code null} when the decoder filtered the record or it went to the dead-letter topic. */
    T decode(ConsumerRecord<ByteBuffer, ByteBuffer> record) {
        final ByteBuffer key = record.key();
        final ByteBuffer value = record.value();
        final int keyPosition = key == null ? 0 : key.position();
        final int keyLimit = key == null ? 0 : key.limit();
        final int valuePosition = value == null ? 0 : value.position();
        final int valueLimit = value == null ? 0 : value.limit();
        try {
            return decoder.decode(key, value, context.point(record));
        } catch (Exception e) {
            metrics.addDecodeError();
            if (deadLetters == null) {
                throw RecordErrors.decodeFailed(record, decoder, where, e);
            }
            if (key != null) {
                key.limit(keyLimit).position(keyPosition);
            }
            if (value != null) {
                value.limit(valueLimit).position(valuePosition);
            }
            deadLetters.write(record, e);
            deadLettersFull = !deadLetters.hasRoom();
            metrics.addDeadLetter();
            return null;
        }
    }

    /**
     * Whether the last dead letter used the writer's last room, so the batch must stop taking records; resets
     * the mark.
     */
    boolean takeDeadLettersFull() {
        boolean full = deadLettersFull;
        deadLettersFull = false;
        return full;
    }

    /** Whether the source may take records: fails the job if a dead letter failed; false while too many are unacknowledged. */
    boolean mayTakeRecords() {
        if (deadLetters == null) {
            return true;
        }
        deadLetters.checkError();
        return deadLetters.hasRoom();
    }

    /** Whether a snapshot may cover what was read: every dead letter written is acknowledged. */
    boolean allDeadLettersAcknowledged() {
        return deadLetters == null || deadLetters.allAcknowledged();
    }

    @Override
    public void close() {
        if (deadLetters != null) {
            deadLetters.close();
        }
    }
}
