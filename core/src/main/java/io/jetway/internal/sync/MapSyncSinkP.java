package io.jetway.internal.sync;

import com.hazelcast.function.BiFunctionEx;
import com.hazelcast.function.FunctionEx;
import com.hazelcast.jet.JetException;
import com.hazelcast.jet.Traverser;
import com.hazelcast.jet.Traversers;
import com.hazelcast.jet.Util;
import com.hazelcast.jet.config.ProcessingGuarantee;
import com.hazelcast.jet.core.AbstractProcessor;
import com.hazelcast.jet.core.Inbox;
import com.hazelcast.map.IMap;
import com.hazelcast.partition.PartitionAware;
import io.jetway.internal.snapshot.RestoreAudit;
import io.jetway.internal.snapshot.SnapshotEmitter;

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
 * Keeps an IMap in sync with a stream. Items change an in-memory buffer of the newest value per key (a merge
 * reads the key's value from the buffers, or once from the map); when the buffer is written depends on the
 * job's processing guarantee, read in {@link #init}.
 * <p>
 * <b>{@code EXACTLY_ONCE}</b>: through Jet's two-phase snapshot.
 * <ul>
 *     <li>Phase 1 closes the buffer and saves the newest value of every key not yet written into the
 *     snapshot, under a key that Jet restores to the processor that owns that key.</li>
 *     <li>Phase 2 writes the closed buffers to the map ({@code setAll}, {@code delete}).</li>
 *     <li>A restore writes the restored values before the first item: the map then holds exactly the state
 *     of the snapshot, and replayed items continue from there.</li>
 * </ul>
 * The writes are final values, so writing them again after a failure changes nothing: merges that are not
 * idempotent stay exact. The buffers hold every key changed since the last completed snapshot, and the
 * processor cannot make them smaller by refusing items: Jet starts phase 1 only once the processor has taken
 * every item of its inbox, so a refusing processor would wait for a snapshot that waits for it. They are
 * bounded by the job's {@code maxProcessorAccumulatedRecords} instead (unbounded unless set): beyond it the
 * job fails, with a message that names the remedies.
 * <p>
 * <b>{@code NONE}, {@code AT_LEAST_ONCE}</b>: writes as items arrive, when the buffer reaches
 * {@value #DEFAULT_WRITE_BATCH_KEYS} keys and at the end of every inbox, so a streaming job's writes show
 * without waiting for more items or for a snapshot. Under {@code AT_LEAST_ONCE} every item before a
 * snapshot's barrier is written before the snapshot is taken (Jet takes it with the inbox empty), so a restart
 * loses nothing; it replays the items after the snapshot, some already written: upserts end exact, a merge
 * that is not idempotent can count them twice.
 * <p>
 * When the input ends ({@link #complete}), whatever is buffered is written, since no snapshot follows. Under
 * {@code EXACTLY_ONCE}, a failure after that which restarts the job from its last snapshot can merge the
 * items after that snapshot twice, as Jetway's transactional Kafka sink, which commits on completion, can
 * send them twice.
 * <p>
 * Each key must reach one processor only: connect the vertex with
 * {@code Edge.partitioned(keyFn).distributed()} (the Pipeline sinks do).
 */
public final class MapSyncSinkP<T, K, V> extends AbstractProcessor {

    /** Keys buffered at most before a write, when the job takes no exactly-once snapshots. */
    public static final int DEFAULT_WRITE_BATCH_KEYS = 1_024;

    private final String mapName;
    private final FunctionEx<? super T, ? extends K> keyFn;
    private final BiFunctionEx<? super V, ? super T, ? extends V> mergeFn;
    private final boolean readsCurrent;
    private final int writeBatchKeys;

    private IMap<K, V> map;
    private boolean writesOnArrival;
    private long maxBufferedEntries;
    private Context context;
    private Map<K, Object> open = new LinkedHashMap<>();
    private final List<Map<K, Object>> closed = new ArrayList<>();
    private final Map<K, Object> restored = new HashMap<>();
    private boolean restoredApplied;
    private Traverser<Entry<Object, Object>> snapshotTraverser;
    private final RestoreAudit restoreAudit = new RestoreAudit();
    private SnapshotEmitter snapshotEmitter;
    private SnapshotEmitter.SnapshotOutbox snapshotOutbox;

    /**
     * A processor.
     *
     * @param readsCurrent whether {@code mergeFn} needs the key's current value (false for upserts)
     */
    public MapSyncSinkP(String mapName, FunctionEx<? super T, ? extends K> keyFn,
                        BiFunctionEx<? super V, ? super T, ? extends V> mergeFn, boolean readsCurrent) {
        this(mapName, keyFn, mergeFn, readsCurrent, DEFAULT_WRITE_BATCH_KEYS);
    }

    /** As the public constructor, writing after {@code writeBatchKeys} keys without exactly-once snapshots. */
    MapSyncSinkP(String mapName, FunctionEx<? super T, ? extends K> keyFn,
                 BiFunctionEx<? super V, ? super T, ? extends V> mergeFn, boolean readsCurrent, int writeBatchKeys) {
        if (writeBatchKeys < 1) {
            throw new IllegalArgumentException("writeBatchKeys must be >= 1, was " + writeBatchKeys);
        }
        this.mapName = mapName;
        this.keyFn = keyFn;
        this.mergeFn = mergeFn;
        this.readsCurrent = readsCurrent;
        this.writeBatchKeys = writeBatchKeys;
    }

    @Override
    public boolean isCooperative() {
        return false;
    }

    @Override
    protected void init(Context context) {
        this.context = context;
        map = context.hazelcastInstance().getMap(mapName);
        snapshotEmitter = SnapshotEmitter.of(context,
                com.hazelcast.jet.impl.util.Util.getNodeEngine(context.hazelcastInstance()).getPartitionService());
        snapshotOutbox = this::tryEmitToSnapshot;
        writesOnArrival = context.processingGuarantee() != ProcessingGuarantee.EXACTLY_ONCE;
        long max = context.maxProcessorAccumulatedRecords();
        maxBufferedEntries = max > 0 ? max : Long.MAX_VALUE;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected boolean tryProcess(int ordinal, Object item) {
        applyRestoredOnce();
        T t = (T) item;
        K key = keyFn.apply(t);
        V merged = mergeFn.apply(currentValue(key), t);
        if (open.put(key, merged == null ? Deleted.INSTANCE : merged) == null) {
            onNewKey();
        }
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
    public void process(int ordinal, Inbox inbox) {
        super.process(ordinal, inbox);     // tryProcess takes every item, so the inbox is empty now
        if (writesOnArrival) {
            writeOpen();
        }
    }

    @Override
    public boolean complete() {
        applyRestoredOnce();
        for (Map<K, Object> buffer : closed) {   // oldest first: a later buffer holds newer values
            write(buffer);
        }
        closed.clear();
        writeOpen();
        return true;
    }

    private void onNewKey() {
        if (writesOnArrival) {
            if (open.size() >= Math.min(writeBatchKeys, maxBufferedEntries)) {
                writeOpen();
            }
            return;
        }
        long buffered = open.size();
        for (Map<K, Object> buffer : closed) {
            buffered += buffer.size();
        }
        if (buffered > maxBufferedEntries) {
            throw new JetException("Vertex '" + context.vertexName() + "' (processor "
                    + context.globalProcessorIndex() + ") of job '" + jobName() + "' holds " + buffered
                    + " entries for map '" + mapName + "' that wait for a snapshot, more than the job's"
                    + " maxProcessorAccumulatedRecords (" + maxBufferedEntries + "). Under EXACTLY_ONCE the sink"
                    + " writes them when a snapshot completes (snapshot interval "
                    + context.jobConfig().getSnapshotIntervalMillis() + " ms): take snapshots more often"
                    + " (JobConfig.setSnapshotIntervalMillis), raise JobConfig.setMaxProcessorAccumulatedRecords,"
                    + " or use AT_LEAST_ONCE, under which the sink writes as items arrive");
        }
    }

    private String jobName() {
        String name = context.jobConfig().getName();
        return name != null ? name : Util.idToString(context.jobId());
    }

    private void writeOpen() {
        if (!open.isEmpty()) {
            write(open);
            open.clear();
        }
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
        if (!snapshotEmitter.emit(snapshotTraverser, snapshotOutbox)) {
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
        if (restoreAudit.take(key, value)) {
            return;
        }
        restored.put((K) ((SyncKey) key).key, value);
    }

    @Override
    public boolean finishSnapshotRestore() {
        restoreAudit.verify(context);
        return true;
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
