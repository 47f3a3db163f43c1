package io.jetway.state;

import java.io.Serializable;

/**
 * The general keyed update: reads and changes the state of the item's key and returns what to emit.
 *
 * @param <K> the key type
 * @param <S> the state type
 * @param <T> the item type
 * @param <R> the output type
 */
@FunctionalInterface
public interface StatefulFunction<K, S, T, R> extends Serializable {

    /**
     * Handles one item.
     *
     * @param state the state of {@code key}, valid during this call only
     * @return the item to emit, or {@code null} to emit nothing
     */
    R apply(KeyedState<S> state, K key, T item) throws Exception;
}
