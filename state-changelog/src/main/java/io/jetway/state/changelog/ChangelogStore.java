package io.jetway.state.changelog;

import io.jetway.spi.state.KeyedStateStore;
import io.jetway.spi.state.StateSerde;

import java.util.function.BiConsumer;

import static java.util.Objects.requireNonNull;

/**
 * The store of one state partition: keys and values as bytes in an {@link OffHeapBytesMap}, every
 * change also reported to a {@link ChangeRecorder} (the changelog writer or its write-behind buffer).
 * Reads its own writes at once (from the local map).
 * <p>
 * A {@link #get} deserialises the value from a copy of its bytes (the value type is the user's: this is
 * the one on-heap object per read); the scratch buffers are shared by all stores of the processor,
 * which calls them from one thread.
 */
final class ChangelogStore<K, V> implements KeyedStateStore<K, V> {

    private final int partition;
    private final OffHeapBytesMap map;
    private final StateSerde<K> keySerde;
    private final StateSerde<V> valueSerde;
    private final ChangeRecorder changes;
    private final OffHeapBytesMap.Scratch keyScratch;
    private final OffHeapBytesMap.Scratch valueScratch;

    ChangelogStore(int partition, OffHeapBytesMap map, StateSerde<K> keySerde, StateSerde<V> valueSerde,
                   ChangeRecorder changes, OffHeapBytesMap.Scratch keyScratch, OffHeapBytesMap.Scratch valueScratch) {
        this.partition = partition;
        this.map = map;
        this.keySerde = keySerde;
        this.valueSerde = valueSerde;
        this.changes = changes;
        this.keyScratch = keyScratch;
        this.valueScratch = valueScratch;
    }

    @Override
    public V get(K key) {
        byte[] keyBytes = keySerde.toBytes(key);
        long record = map.find(keyBytes, 0, keyBytes.length);
        return record < 0 ? null : value(record);
    }

    @Override
    public void put(K key, V value) {
        requireNonNull(value, "value cannot be null: use remove()");
        byte[] keyBytes = keySerde.toBytes(key);
        byte[] valueBytes = valueSerde.toBytes(value);
        map.put(keyBytes, valueBytes);
        changes.record(partition, keyBytes, valueBytes);
    }

    @Override
    public void remove(K key) {
        byte[] keyBytes = keySerde.toBytes(key);
        if (map.remove(keyBytes, 0, keyBytes.length)) {
            changes.record(partition, keyBytes, null);
        }
    }

    @Override
    public long size() {
        return map.size();
    }

    @Override
    public void forEach(BiConsumer<? super K, ? super V> action) {
        map.forEachRecord(record -> {
            int keyLength = map.keyLength(record);
            map.readKey(record, keyScratch.array(keyLength));
            K key = keySerde.fromBytes(keyScratch.view(keyLength));
            action.accept(key, value(record));
        });
    }

    private V value(long record) {
        int length = map.valueLength(record);
        map.readValue(record, valueScratch.array(length));
        return valueSerde.fromBytes(valueScratch.view(length));
    }
}
