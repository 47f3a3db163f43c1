package io.jetway.spi.codec;

import java.nio.ByteBuffer;

/**
 * Turns an item into the key and value bytes of a Kafka record, for Jetway's Kafka sinks.
 * <p>
 * The sink hands the returned buffers to the producer before it asks for the next record, so an
 * implementation may return a view of a reusable buffer. A heap buffer that spans its whole backing
 * array reaches the producer without a copy.
 * <p>
 * Each sink processor creates its own encoder and calls it from one thread at a time.
 *
 * @param <T> the item type
 */
public interface RecordEncoder<T> {

    /** The key bytes of {@code item}, or {@code null} for a record without a key. */
    ByteBuffer encodeKey(T item) throws Exception;

    /** The value bytes of {@code item}, or {@code null} for a tombstone. */
    ByteBuffer encodeValue(T item) throws Exception;
}
