package io.jetway.spi.codec;

import java.util.function.BiConsumer;

/**
 * Where a Kafka record came from, handed to a {@link RecordDecoder} with the record's bytes.
 * <p>
 * The source reuses one instance for every record: it is valid only during the
 * {@link RecordDecoder#decode} call and must not be kept or put into the decoded item.
 */
public interface RecordContext {

    /** The record's topic. */
    String topic();

    /** The record's partition. */
    int partition();

    /** The record's offset in its partition. */
    long offset();

    /** The record's timestamp in milliseconds (create or log-append time, as the topic says). */
    long timestamp();

    /** The value of the last header with this key, or {@code null}; Kafka owns the array: do not change it. */
    byte[] lastHeader(String key);

    /** Calls {@code action} for every header in order; Kafka owns the arrays: do not change them. */
    void forEachHeader(BiConsumer<String, byte[]> action);
}
