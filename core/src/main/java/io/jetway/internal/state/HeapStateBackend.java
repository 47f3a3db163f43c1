package io.jetway.internal.state;

import io.jetway.spi.state.KeyedStateStore;
import io.jetway.spi.state.SnapshotWriter;
import io.jetway.spi.state.StateBackend;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.ObjLongConsumer;

/**
 * State in one {@link HashMap} per owned state partition; a snapshot copies every entry into Jet's
 * snapshot, a restore puts them back. Nothing is pending between the two phases: phase 1 already holds
 * the whole state.
 */
public final class HeapStateBackend<K, V> implements StateBackend<K, V> {

    private final HeapStore<K, V>[] stores;

    /** A backend for the given owned partitions out of {@code partitionCount}. */
    @SuppressWarnings("unchecked")
    public HeapStateBackend(int[] ownedPartitions, int partitionCount) {
        stores = new HeapStore[partitionCount];
        for (int p : ownedPartitions) {
            stores[p] = new HeapStore<>();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void restoreEntry(int statePartition, Object key, Object value) {
        owned(statePartition).map.put((K) key, (V) value);
    }

    @Override
    public CompletionStage<Void> open(boolean restoring) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public KeyedStateStore<K, V> store(int statePartition) {
        return owned(statePartition);
    }

    @Override
    public void prepareSnapshot(long snapshotId, SnapshotWriter snapshot) {
        for (int p = 0; p < stores.length; p++) {
            if (stores[p] != null) {
                final int partition = p;
                stores[p].map.forEach((k, v) -> snapshot.write(partition, k, v));
            }
        }
    }

    @Override
    public void finishSnapshot(long snapshotId, boolean success) {
        // nothing pending: the snapshot holds the whole state
    }

    @Override
    public void collectMetrics(ObjLongConsumer<String> metrics) {
        long keys = 0;
        for (HeapStore<K, V> store : stores) {
            if (store != null) {
                keys += store.map.size();
            }
        }
        metrics.accept("stateKeys", keys);
    }

    @Override
    public void close() {
        for (int p = 0; p < stores.length; p++) {
            stores[p] = null;
        }
    }

    private HeapStore<K, V> owned(int partition) {
        HeapStore<K, V> store = partition >= 0 && partition < stores.length ? stores[partition] : null;
        if (store == null) {
            throw new IllegalArgumentException("State partition " + partition + " is not owned by this processor");
        }
        return store;
    }

    /** One partition's map. */
    private static final class HeapStore<K, V> implements KeyedStateStore<K, V> {
        final Map<K, V> map = new HashMap<>();

        @Override
        public V get(K key) {
            return map.get(key);
        }

        @Override
        public void put(K key, V value) {
            map.put(key, java.util.Objects.requireNonNull(value, "value cannot be null: use remove"));
        }

        @Override
        public void remove(K key) {
            map.remove(key);
        }

        @Override
        public long size() {
            return map.size();
        }

        @Override
        public void forEach(BiConsumer<? super K, ? super V> action) {
            map.forEach(action);
        }
    }
}
