package io.jetway.internal.state;

import com.hazelcast.function.FunctionEx;
import com.hazelcast.internal.metrics.DynamicMetricsProvider;
import com.hazelcast.internal.metrics.MetricDescriptor;
import com.hazelcast.internal.metrics.MetricsCollectionContext;
import com.hazelcast.internal.metrics.ProbeLevel;
import com.hazelcast.internal.metrics.ProbeUnit;
import com.hazelcast.internal.partition.IPartitionService;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.jet.JetException;
import com.hazelcast.jet.Traverser;
import com.hazelcast.jet.Traversers;
import com.hazelcast.jet.core.AbstractProcessor;
import com.hazelcast.jet.core.BroadcastKey;
import com.hazelcast.jet.impl.util.Util;
import com.hazelcast.spi.impl.NodeEngineImpl;
import io.jetway.internal.snapshot.RestoreAudit;
import io.jetway.internal.snapshot.SnapshotEmitter;
import io.jetway.spi.state.KeyedStateStore;
import io.jetway.spi.state.StateBackend;
import io.jetway.spi.state.StateBackendFactory;
import io.jetway.spi.state.StateSerde;
import io.jetway.state.StateConfig;

import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map.Entry;
import java.util.concurrent.CompletableFuture;

import static com.hazelcast.jet.core.BroadcastKey.broadcastKey;

/**
 * What every keyed stateful processor behind a distributed, partitioned edge ("keyed edge" mode) shares:
 * the {@link StateBackend} and its life cycle, the state partition of a key (its Jet partition, so the
 * processor owns exactly the state partitions whose keys Jet routes to it, under any parallelism),
 * snapshots and restore, metrics, and a queue of outputs that the outbox refused.
 * <p>
 * Snapshots: the backend's entries go into Jet's snapshot under {@link StatePartitionKey}s routed to the
 * owner of their state partition; phase 2 is passed on to the backend. A cooperative processor whose
 * backend's snapshot phases block runs them on a thread of its own ({@link SnapshotPhaseRunner}). A
 * restore feeds the entries to the backend, then opens it off the processing thread; no item is processed before it is ready, and
 * {@link #onReady()} lets a subclass rebuild in-memory indexes from the stores.
 *
 * @param <K> the key type
 * @param <S> the type of the state kept per key
 */
public abstract class AbstractKeyedStateP<K, S> extends AbstractProcessor implements DynamicMetricsProvider {

    private static final BroadcastKey<String> SEQUENCE_KEY = broadcastKey("jetway.state.snapshotSequence");
    private static final BroadcastKey<String> WATERMARK_KEY = broadcastKey("jetway.state.watermark");

    protected final FunctionEx<Object, ? extends K> keyFn;
    private final StateConfig config;
    private final StateBackendFactory factory;
    private final ArrayDeque<Object> pendingOutputs = new ArrayDeque<>();

    private StateBackend<K, S> backend;
    private IPartitionService partitions;
    private KeyBytesMemo<K> keyBytes;
    // set when the key serde is the default one and the computation agrees with the partition service
    private PartitionOfKeyBytes partitionOfKeyBytes;
    private PartitionRoutingKeys routingKeys;
    private KeyedStateStore<K, S>[] stores;
    private int[] ownedPartitions;
    private String where;
    private CompletableFuture<Void> opening;
    private boolean ready;
    private boolean restoring;
    private long snapshotSequence;
    private long restoredWatermark = Long.MAX_VALUE;
    private Traverser<Entry<Object, Object>> snapshotTraverser;
    private List<Entry<Object, Object>> snapshotEntries;
    private SnapshotPhaseRunner phases;
    private final RestoredSnapshot restored = new RestoredSnapshot();
    private final RestoreAudit restoreAudit = new RestoreAudit();
    private SnapshotEmitter snapshotEmitter;
    private SnapshotEmitter.SnapshotOutbox snapshotOutbox;
    private Context context;

    @SuppressWarnings("unchecked")
    protected AbstractKeyedStateP(StateConfig config, StateBackendFactory factory, FunctionEx<?, ? extends K> keyFn) {
        this.config = config;
        this.factory = factory;
        this.keyFn = (FunctionEx<Object, ? extends K>) keyFn;
    }

    @Override
    public boolean isCooperative() {
        return !factory.isBlocking();
    }

    /** Snapshot phases that block run off the thread of a cooperative processor. */
    private SnapshotPhaseRunner phaseRunner(Context context) {
        return isCooperative() && factory.isSnapshotBlocking()
                ? SnapshotPhaseRunner.offThread("jetway-state-snapshot-" + context.vertexName() + "-"
                + context.globalProcessorIndex())
                : SnapshotPhaseRunner.inline();
    }

    @Override
    @SuppressWarnings("unchecked")
    protected void init(Context context) throws Exception {
        this.context = context;
        where = "job '" + context.jobConfig().getName() + "' vertex '" + context.vertexName() + "'";
        NodeEngineImpl nodeEngine = Util.getNodeEngine(context.hazelcastInstance());
        partitions = nodeEngine.getPartitionService();
        snapshotEmitter = SnapshotEmitter.of(context, partitions);
        snapshotOutbox = this::tryEmitToSnapshot;
        InternalSerializationService serialization = (InternalSerializationService) nodeEngine.getSerializationService();
        boolean defaultKeySerde = config.keySerde() == null;
        keyBytes = new KeyBytesMemo<>(defaultKeySerde ? new HazelcastStateSerde<>(serialization)
                : (StateSerde<K>) config.keySerde());
        partitionOfKeyBytes = defaultKeySerde ? PartitionOfKeyBytes.verifiedFor(partitions, serialization) : null;
        StateSerde<S> valueSerde = config.valueSerde() != null ? (StateSerde<S>) config.valueSerde()
                : new HazelcastStateSerde<>(serialization);
        int partitionCount = partitions.getPartitionCount();
        ownedPartitions = context.processorPartitions();
        backend = factory.create(new ProcessorStateContext<>(context, partitionCount, ownedPartitions,
                config.options(), keyBytes, valueSerde));
        stores = new KeyedStateStore[partitionCount];
        phases = phaseRunner(context);
    }

    /** Called once when the backend is open, before any item: rebuild in-memory indexes here. */
    protected void onReady() {
    }

    /** The last watermark this processor acted on, saved in snapshots; {@code Long.MIN_VALUE} by default. */
    protected long currentWatermark() {
        return Long.MIN_VALUE;
    }

    /**
     * After a restore: the lowest watermark any processor had acted on at the snapshot, so that an item late
     * then is late now, and no window is emitted twice.
     */
    protected void restoreWatermark(long watermark) {
    }

    /** "job 'x' vertex 'y'", for messages. */
    protected final String where() {
        return where;
    }

    /**
     * The store of {@code key}'s state partition; fails with a hint when the edge is not partitioned by key.
     * Call it once per item before the store: it makes {@code key} the key in hand, whose bytes the
     * partition and the store then share.
     */
    protected final KeyedStateStore<K, S> storeOf(K key) {
        keyBytes.bind(key);
        // the default serde's bytes are the key's Hazelcast Data, whose partition Jet's edge used too
        int partition = partitionOfKeyBytes != null ? partitionOfKeyBytes.partitionOf(keyBytes.toBytes(key))
                : partitions.getPartitionId(key);
        KeyedStateStore<K, S> store = stores[partition];
        if (store == null) {
            try {
                store = backend.store(partition);
            } catch (IllegalArgumentException e) {
                throw new JetException(where + " received key '" + key + "' of state partition " + partition
                        + ", which it does not own: connect this vertex with a distributed edge partitioned by the "
                        + "same key (Edge.partitioned(keyFn).distributed())", e);
            }
            stores[partition] = store;
        }
        return store;
    }

    /** The stores of every owned state partition, for index rebuilding. */
    protected final List<KeyedStateStore<K, S>> ownedStores() {
        List<KeyedStateStore<K, S>> owned = new ArrayList<>(ownedPartitions.length);
        for (int p : ownedPartitions) {
            owned.add(backend.store(p));
        }
        return owned;
    }

    /** Queues an output; {@link #drainOutputs()} emits the queue in order. */
    protected final void queueOutput(Object output) {
        pendingOutputs.addLast(output);
    }

    /** Emits queued outputs until the outbox refuses one; true when the queue is empty. */
    protected final boolean drainOutputs() {
        for (Object next = pendingOutputs.peekFirst(); next != null; next = pendingOutputs.peekFirst()) {
            if (!tryEmit(next)) {
                return false;
            }
            pendingOutputs.removeFirst();
        }
        return true;
    }

    /** Opens the backend at the first call (fresh start) and reports whether it is ready; never blocks. */
    protected final boolean ensureReady() {
        if (ready) {
            return true;
        }
        if (opening == null) {
            opening = backend.open(restoring).toCompletableFuture();
        }
        if (!BackendOpening.completed(opening, where, config.backendName(), restoring)) {
            return false;
        }
        ready = true;
        restored.release();
        onReady();
        return true;
    }

    @Override
    public boolean complete() {
        return ensureReady() && drainOutputs();
    }

    @Override
    public boolean saveToSnapshot() {
        if (snapshotTraverser == null) {
            try {
                if (snapshotEntries == null) {
                    if (!ensureReady()) {
                        if (!restored.isAvailable()) {
                            return false;       // a fresh start: the first snapshot waits for the open
                        }
                        List<Entry<Object, Object>> entries = new ArrayList<>();
                        PartitionRoutingKeys routing = routing();
                        if (!restored.saveTo(backend, snapshotSequence,
                                (p, k) -> new StatePartitionKey(p, k, routing.keyOf(p)),
                                (k, v) -> entries.add(new SimpleImmutableEntry<>(k, v)))) {
                            return false;   // the backend cannot answer before its recovery is done
                        }
                        snapshotEntries = entries;
                    } else if (!drainOutputs()) {
                        return false;
                    } else {
                        snapshotEntries = startPhase1();
                    }
                }
                if (!phases.isDone()) {
                    return false;
                }
            } catch (Exception e) {
                snapshotEntries = null;
                throw new JetException(where + ": state backend '" + config.backendName()
                        + "' failed in snapshot phase 1: " + e, e);
            }
            snapshotTraverser = Traversers.traverseIterable(snapshotEntries);
            snapshotEntries = null;
        }
        if (!snapshotEmitter.emit(snapshotTraverser, snapshotOutbox)) {
            return false;
        }
        snapshotTraverser = null;
        return true;
    }

    // The entries the backend's phase 1 fills (maybe on the phase thread: complete once the phase is done).
    private List<Entry<Object, Object>> startPhase1() throws Exception {
        long sequence = ++snapshotSequence;
        List<Entry<Object, Object>> entries = new ArrayList<>();
        entries.add(new SimpleImmutableEntry<>(SEQUENCE_KEY, sequence));
        entries.add(new SimpleImmutableEntry<>(WATERMARK_KEY, currentWatermark()));
        PartitionRoutingKeys routing = routing();
        phases.start(() -> backend.prepareSnapshot(sequence, (p, k, v) -> entries.add(new SimpleImmutableEntry<>(
                new StatePartitionKey(p, k, routing.keyOf(p)), v))));
        return entries;
    }

    private PartitionRoutingKeys routing() {
        if (routingKeys == null) {
            routingKeys = new PartitionRoutingKeys(partitions);
        }
        return routingKeys;
    }

    @Override
    public boolean snapshotCommitFinish(boolean success) {
        if (restored.finishEchoed()) {
            return true;            // the snapshot saved the restored entries again; the backend prepared nothing
        }
        try {
            if (!phases.step(() -> backend.finishSnapshot(snapshotSequence, success))) {
                return false;
            }
        } catch (Exception e) {
            throw new JetException(where + ": state backend '" + config.backendName() + "' failed to "
                    + (success ? "commit" : "keep") + " snapshot " + snapshotSequence + ": " + e, e);
        }
        return true;
    }

    @Override
    protected void restoreFromSnapshot(Object key, Object value) {
        restoring = true;
        if (restoreAudit.take(key, value)) {
            return;
        }
        if (SEQUENCE_KEY.equals(key)) {
            restored.addHostEntry(key, value);
            snapshotSequence = Math.max(snapshotSequence, (Long) value);
            return;
        }
        if (WATERMARK_KEY.equals(key)) {
            restored.addHostEntry(key, value);
            restoredWatermark = Math.min(restoredWatermark, (Long) value);
            return;
        }
        restored.addBackendEntry(key, value);
        StatePartitionKey k = (StatePartitionKey) key;
        try {
            backend.restoreEntry(k.statePartition(), k.backendKey(), value);
        } catch (Exception e) {
            throw new JetException(where + ": state backend '" + config.backendName() + "' refused a snapshot entry of "
                    + "state partition " + k.statePartition() + ": " + e, e);
        }
    }

    @Override
    public boolean finishSnapshotRestore() {
        restoring = true;
        restoreAudit.verify(context);
        if (restoredWatermark != Long.MAX_VALUE) {
            restoreWatermark(restoredWatermark);
        }
        restored.restoreFinished();
        opening = backend.open(true).toCompletableFuture();
        return true;
    }

    @Override
    public void provideDynamicMetrics(MetricDescriptor descriptor, MetricsCollectionContext context) {
        StateBackend<K, S> b = backend;
        if (b != null) {
            b.collectMetrics((name, value) -> context.collect(descriptor, name, ProbeLevel.INFO, ProbeUnit.COUNT, value));
        }
    }

    @Override
    public void close() throws Exception {
        if (phases != null) {
            if (!phases.close()) {
                getLogger().warning(where + ": a snapshot phase of state backend '" + config.backendName()
                        + "' still runs after the close timeout; the backend is closed anyway and must not free "
                        + "what that phase uses (see StateBackend.close)");
            }
        }
        if (backend != null) {
            backend.close();
        }
    }
}
