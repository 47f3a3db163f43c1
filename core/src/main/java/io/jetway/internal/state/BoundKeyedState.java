package io.jetway.internal.state;

import io.jetway.spi.state.KeyedStateStore;
import io.jetway.state.KeyedState;

/**
 * The {@link KeyedState} flyweight of a stateful processor: pointed at (store, key) for each item; reads
 * the store at most once per item and writes to it only when the function changed the state.
 */
final class BoundKeyedState<K, S> implements KeyedState<S> {

    private KeyedStateStore<K, S> store;
    private K key;
    private S value;
    private boolean loaded;
    private boolean dirty;

    void bind(KeyedStateStore<K, S> currentStore, K currentKey) {
        this.store = currentStore;
        this.key = currentKey;
        this.value = null;
        this.loaded = false;
        this.dirty = false;
    }

    @Override
    public S get() {
        if (!loaded) {
            value = store.get(key);
            loaded = true;
        }
        return value;
    }

    @Override
    public void set(S state) {
        value = state;
        loaded = true;
        dirty = true;
    }

    @Override
    public void clear() {
        set(null);
    }

    /** Writes a changed state to the store; called once the function returned. */
    void flush() {
        if (dirty) {
            if (value == null) {
                store.remove(key);
            } else {
                store.put(key, value);
            }
            dirty = false;
        }
        value = null;
        store = null;
        key = null;
    }
}
