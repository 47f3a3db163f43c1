package io.jetway.internal.sync;

import com.hazelcast.function.BiFunctionEx;
import com.hazelcast.function.FunctionEx;
import com.hazelcast.jet.Traverser;
import com.hazelcast.jet.Traversers;
import com.hazelcast.jet.core.AbstractProcessor;
import com.hazelcast.map.IMap;
import com.hazelcast.partition.PartitionAware;

import java.io.Serializable;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.Objects;

/**
 * Keeps an IMap in sync with a stream, exactly once, through Jet's two-phase snapshot and nothing else.
 * <ul>
 *     <li>Items only change an in-memory buffer of the newest value per key (a merge reads the key's value
 *     from the buffers, or once from the map).</li>
 *     <li>Phase 1 closes the buffer and saves the newest value of every key not yet written into the
 *     snapshot, under a key that Jet restores to the processor that owns that key.</li>
 *     <li>Phase 2 writes the closed buffers to the map ({@code setAll}, {@code delete}).</li>
 *     <li>A restore writes the restored values before the first item: the map then holds exactly the state
 *     of the snapshot, and replayed items continue from there.</li>
 * </ul>
 * The writes are final values, so writing them again after a failure changes nothing: merges that are not
 * idempotent stay exact. Each key must reach one processor only: connect the vertex with
 * {@code Edge.partitioned(keyFn).distributed()} (the Pipeline sinks do).
 */
public final class MapSyncSinkP<T, K, V> extends AbstractProcessor {

    private final String mapName;
    private final FunctionEx<? super T, ? extends K> keyFn;
    private final BiFunctionEx<? super V, ? super T, ? extends V> mergeFn;
    private final boolean readsCurrent;

    private IMap<K, V> map;
    private Map<K, Object> open = new LinkedHashMap<>();
    private final List<Map<K, Object>> closed = new ArrayList<>();
    private final Map<K, Object> restored = new HashMap<>();
    private boolean restoredApplied;
    private Traverser<Entry<Object, Object>> snapshotTraverser;

    /**
     * A processor.
     *
     * @param readsCurrent whether {@code mergeFn} needs the key's current value (false for upserts)
     */
    public MapSyncSinkP(String mapName, FunctionEx<? super T, ? extends K> keyFn,
                        BiFunctionEx<? super V, ? super T, ? extends V> mergeFn, boolean readsCurrent) {
        this.mapName = mapName;
        this.keyFn = keyFn;
        this.mergeFn = mergeFn;
        this.readsCurrent = readsCurrent;
    }

    @Override
    public boolean isCooperative() {
        return false;
    }

    @Override
    protected void init(Context context) {
        map = context.hazelcastInstance().getMap(mapName);
    }

    @Override
    @SuppressWarnings("unchecked")
    protected boolean tryProcess(int ordinal, Object item) {
        applyRestoredOnce();
        T t = (T) item;
        K key = keyFn.apply(t);
        V merged = mergeFn.apply(currentValue(key), t);
        open.put(key, merged == null ? Deleted.INSTANCE : merged);
        return true;
    }

    @SuppressWarnings("unchecked")
    private V currentValue(K key) {
        Object buffered = open.get(key);
        for (int i = closed.size() - 1; buffered == null && i >= 0; i--) {
            buffered = closed.get(i).get(key);
        }
        if (buffered != null) {
            return buffered == Deleted.INSTANCE ? null : (V) buffered;
        }
        return readsCurrent ? map.get(key) : null;
    }

    @Override
    public boolean complete() {
        applyRestoredOnce();
        return true;
    }

    @Override
    public boolean saveToSnapshot() {
        applyRestoredOnce();
        if (snapshotTraverser == null) {
            if (!open.isEmpty()) {
                closed.add(open);
                open = new LinkedHashMap<>();
            }
            Map<K, Object> newest = new LinkedHashMap<>();
            for (Map<K, Object> buffer : closed) {
                newest.putAll(buffer);
            }
            List<Entry<Object, Object>> entries = new ArrayList<>(newest.size());
            newest.forEach((k, v) -> entries.add(new SimpleImmutableEntry<>(new SyncKey(k), v)));
            snapshotTraverser = Traversers.traverseIterable(entries);
        }
        if (!emitFromTraverserToSnapshot(snapshotTraverser)) {
            return false;
        }
        snapshotTraverser = null;
        return true;
    }

    @Override
    public boolean snapshotCommitFinish(boolean success) {
        if (success) {       // after a failed snapshot the buffers wait for the next successful one
            for (Map<K, Object> buffer : closed) {
                write(buffer);
            }
            closed.clear();
        }
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected void restoreFromSnapshot(Object key, Object value) {
        restored.put((K) ((SyncKey) key).key, value);
    }

    private void applyRestoredOnce() {
        if (!restoredApplied) {
            restoredApplied = true;
            write(restored);
            restored.clear();
        }
    }

    @SuppressWarnings("unchecked")
    private void write(Map<K, Object> buffer) {
        Map<K, V> sets = new HashMap<>();
        for (Map.Entry<K, Object> e : buffer.entrySet()) {
            if (e.getValue() == Deleted.INSTANCE) {
                map.delete(e.getKey());
            } else {
                sets.put(e.getKey(), (V) e.getValue());
            }
        }
        if (!sets.isEmpty()) {
            map.setAll(sets);
        }
    }

    /** A snapshot key that Jet restores to the owner of the map key's partition. */
    static final class SyncKey implements PartitionAware<Object>, Serializable {
        private static final long serialVersionUID = 1L;
        final Object key;

        SyncKey(Object key) {
            this.key = key;
        }

        @Override
        public Object getPartitionKey() {
            return key;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SyncKey that && Objects.equals(key, that.key);
        }

        @Override
        public int hashCode() {
            return Objects.hashCode(key);
        }
    }

    /** The buffered value of a deleted key. */
    enum Deleted {
        INSTANCE
    }
}
