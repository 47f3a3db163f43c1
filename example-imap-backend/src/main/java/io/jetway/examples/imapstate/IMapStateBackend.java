package io.jetway.examples.imapstate;

import com.hazelcast.map.IMap;
import io.jetway.spi.state.KeyedStateStore;
import io.jetway.spi.state.SnapshotWriter;
import io.jetway.spi.state.StateBackend;
import io.jetway.spi.state.StateBackendContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * State in IMaps, exactly once with Jet's snapshots, in three steps per state partition:
 * <ol>
 *     <li>changes collect in a local buffer (reads see them first);</li>
 *     <li>phase 1 stages the buffer in the IMap {@code <job>.staged} under (partition, snapshot) and the
 *     snapshot records that key;</li>
 *     <li>phase 2 applies the staged changes to the IMap {@code <job>.state} and deletes them.</li>
 * </ol>
 * A restore applies the staged changes of the restored snapshot if phase 2 never ran, and drops any later
 * staged changes; changes never staged were only in memory. Map names carry the job id, so a resubmitted
 * job starts empty.
 */
final class IMapStateBackend<K, V> implements StateBackend<K, V> {

    private static final Object DELETED = "__jetway.imap.deleted__";

    private final int[] owned;
    private final IMap<PartitionKey, Object> state;
    private final IMap<PartitionKey, HashMap<Object, Object>> staged;
    private final Map<Integer, Store> stores = new HashMap<>();
    private final List<PartitionKey> restoredStages = new ArrayList<>();
    private final List<PartitionKey> pendingStages = new ArrayList<>();

    IMapStateBackend(StateBackendContext<K, V> context) {
        String prefix = "jetway.imap-state." + context.jobName() + "." + Long.toHexString(context.jobId()) + "."
                + context.vertexName();
        this.owned = context.ownedStatePartitions();
        this.state = context.hazelcastInstance().getMap(prefix + ".state");
        this.staged = context.hazelcastInstance().getMap(prefix + ".staged");
        for (int p : owned) {
            stores.put(p, new Store(p));
        }
    }

    @Override
    public void restoreEntry(int statePartition, Object key, Object value) {
        restoredStages.add((PartitionKey) value);
    }

    @Override
    public CompletionStage<Void> open(boolean restoring) {
        return CompletableFuture.runAsync(() -> {
            restoredStages.forEach(this::applyStage);           // phase 2 may never have run for them
            for (int p : owned) {                               // later stages belong to unfinished snapshots
                staged.keySet().stream().filter(k -> k.partition() == p).forEach(staged::delete);
            }
        });
    }

    @Override
    public KeyedStateStore<K, V> store(int statePartition) {
        Store store = stores.get(statePartition);
        if (store == null) {
            throw new IllegalArgumentException("State partition " + statePartition + " is not owned");
        }
        return store;
    }

    @Override
    public void prepareSnapshot(long snapshotId, SnapshotWriter snapshot) {
        for (Store store : stores.values()) {
            PartitionKey stageKey = new PartitionKey(store.partition, snapshotId);
            staged.set(stageKey, new HashMap<>(store.dirty));
            store.dirty.clear();
            pendingStages.add(stageKey);
            snapshot.write(store.partition, "stage", stageKey);
        }
    }

    @Override
    public void finishSnapshot(long snapshotId, boolean success) {
        if (success) {   // after a failed snapshot, its stages are applied with the next successful one
            pendingStages.forEach(this::applyStage);
            pendingStages.clear();
        }
    }

    private void applyStage(PartitionKey stageKey) {
        Map<Object, Object> changes = staged.get(stageKey);
        if (changes == null) {
            return;                                         // already applied
        }
        changes.forEach((k, v) -> {
            PartitionKey key = new PartitionKey(stageKey.partition(), k);
            if (v == DELETED || DELETED.equals(v)) {
                state.delete(key);
            } else {
                state.set(key, v);
            }
        });
        staged.delete(stageKey);
    }

    @Override
    public void close() {
        stores.clear();
    }

    /** One partition: the local buffer over the IMap. */
    private final class Store implements KeyedStateStore<K, V> {
        final int partition;
        final HashMap<Object, Object> dirty = new HashMap<>();

        Store(int partition) {
            this.partition = partition;
        }

        @Override
        @SuppressWarnings("unchecked")
        public V get(K key) {
            Object v = dirty.containsKey(key) ? dirty.get(key) : state.get(new PartitionKey(partition, key));
            return v == null || DELETED.equals(v) ? null : (V) v;
        }

        @Override
        public void put(K key, V value) {
            dirty.put(key, value);
        }

        @Override
        public void remove(K key) {
            dirty.put(key, DELETED);
        }

        @Override
        public long size() {
            long[] n = {0};
            forEach((k, v) -> n[0]++);
            return n[0];
        }

        @Override
        @SuppressWarnings("unchecked")
        public void forEach(java.util.function.BiConsumer<? super K, ? super V> action) {
            Map<Object, Object> all = new HashMap<>();
            int ours = partition;   // the predicate travels to the members: capture the int, not this store
            state.entrySet(e -> e.getKey().partition() == ours)
                 .forEach(e -> all.put(e.getKey().key(), e.getValue()));
            all.putAll(dirty);
            all.forEach((k, v) -> {
                if (!DELETED.equals(v)) {
                    action.accept((K) k, (V) v);
                }
            });
        }
    }

    /** An IMap key: the state partition and the user's key (or, for a stage, the snapshot id). */
    record PartitionKey(int partition, Object key) implements java.io.Serializable {
    }
}
