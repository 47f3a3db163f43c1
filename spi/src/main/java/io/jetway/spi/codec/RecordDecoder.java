package io.jetway.spi.codec;

import java.nio.ByteBuffer;

/**
 * Turns the bytes of one Kafka record into the item a Jet source emits.
 * <p>
 * <b>Borrowed buffers.</b> {@code key} and {@code value} are views of the consumer's fetch buffer:
 * read them between {@code position()} and {@code limit()} and do not keep them after the call
 * returns. The returned item must own its data (copy what it keeps) and must not be mutated after it is
 * returned, because Jet may hand it to another thread or member.
 * <p>
 * <b>Threading.</b> Each source processor creates its own decoder and calls it from one thread at a
 * time, so an implementation may keep reusable scratch state.
 * <p>
 * <b>Errors.</b> An exception fails the job with the record's topic, partition and offset in the
 * message, or, when the source has a dead-letter topic, sends the raw record there with those as
 * headers; nothing is skipped silently. Return {@code null} to filter a record out on purpose.
 *
 * @param <T> the decoded item type
 */
@FunctionalInterface
public interface RecordDecoder<T> {

    /**
     * Decodes one record.
     *
     * @param key     the key bytes, or {@code null} for a record without a key
     * @param value   the value bytes, or {@code null} for a tombstone
     * @param context topic, partition, offset, timestamp and headers of the record; valid during this call only
     * @return the item to emit, or {@code null} to filter the record out
     * @throws Exception when the bytes cannot be decoded; the job fails naming the record
     */
    T decode(ByteBuffer key, ByteBuffer value, RecordContext context) throws Exception;
}
