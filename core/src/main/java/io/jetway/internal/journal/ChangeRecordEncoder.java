package io.jetway.internal.journal;

import io.jetway.spi.codec.RecordEncoder;

import java.nio.ByteBuffer;

/**
 * Writes one change of an {@code IMap} or {@code ICache} entry as a Kafka record: the entry's key through the
 * key encoder's {@link RecordEncoder#encodeKey}, its new value through the value encoder's
 * {@link RecordEncoder#encodeValue}, and a tombstone (null value) when the change removed the entry, so that
 * a compacted topic mirrors the structure.
 *
 * @param <E> the journal event type
 * @param <K> the entry key type
 * @param <V> the entry value type
 */
public abstract class ChangeRecordEncoder<E, K, V> implements RecordEncoder<E> {

    private final RecordEncoder<? super K> keys;
    private final RecordEncoder<? super V> values;

    protected ChangeRecordEncoder(RecordEncoder<? super K> keys, RecordEncoder<? super V> values) {
        this.keys = keys;
        this.values = values;
    }

    /** The key of the changed entry. */
    protected abstract K keyOf(E event);

    /** The value after the change, or {@code null} when the change removed the entry. */
    protected abstract V valueAfter(E event);

    @Override
    public ByteBuffer encodeKey(E event) throws Exception {
        return keys.encodeKey(keyOf(event));
    }

    @Override
    public ByteBuffer encodeValue(E event) throws Exception {
        V value = valueAfter(event);
        return value == null ? null : values.encodeValue(value);
    }
}
