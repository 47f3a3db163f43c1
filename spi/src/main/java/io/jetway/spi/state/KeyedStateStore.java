package io.jetway.spi.state;

import java.util.function.BiConsumer;

/**
 * The state of one state partition: a map from key to value.
 * <p>
 * Called from one processor thread only, so implementations need no locking. A store may keep the very
 * object given to {@link #put} or a copy of it, so a caller that changes a value it got from
 * {@link #get} must {@code put} it again for the change to count (a changelog backend writes what
 * {@code put} hands it).
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface KeyedStateStore<K, V> {

    /** The value of {@code key}, or {@code null}. Reads the store's own writes at once. */
    V get(K key);

    /** Sets the value of {@code key}; {@code value} must not be {@code null} (use {@link #remove}). */
    void put(K key, V value);

    /** Removes {@code key}, if present. */
    void remove(K key);

    /** How many keys the store holds. */
    long size();

    /** Calls {@code action} for every entry, in no particular order; the store must not be changed meanwhile. */
    void forEach(BiConsumer<? super K, ? super V> action);
}
