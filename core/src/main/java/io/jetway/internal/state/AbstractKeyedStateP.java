package io.jetway.internal.state;

import com.hazelcast.function.FunctionEx;
import com.hazelcast.internal.metrics.DynamicMetricsProvider;
import com.hazelcast.internal.metrics.MetricDescriptor;
import com.hazelcast.internal.metrics.MetricsCollectionContext;
import com.hazelcast.internal.partition.IPartitionService;
import com.hazelcast.jet.JetException;
import com.hazelcast.jet.Traverser;
import com.hazelcast.jet.Traversers;
import com.hazelcast.jet.core.AbstractProcessor;
import com.hazelcast.jet.impl.util.Util;
import io.jetway.internal.snapshot.RestoreAudit;
import io.jetway.internal.snapshot.SnapshotEmitter;
import io.jetway.internal.snapshot.UnknownSnapshotKeyException;
import io.jetway.spi.state.KeyedStateStore;
import io.jetway.spi.state.StateBackendFactory;
import io.jetway.state.StateConfig;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map.Entry;

/**
 * What every keyed stateful processor behind a distributed, partitioned edge ("keyed edge" mode) shares: a
 * {@link StateHost} for its backend's life cycle and snapshots, the state partition of a key (its Jet
 * partition, so the processor owns exactly the state partitions whose keys Jet routes to it, under any
 * parallelism, and its snapshot entries go to their owner: {@link PartitionedEntryRouting}), and a queue of
 * outputs that the outbox refused, drained before a snapshot's phase 1 so that no output of state in the
 * snapshot is emitted after its barrier. In {@link io.jetway.state.OutputMode#NEWEST_PER_SNAPSHOT} the
 * newest output per key is held ({@link HeldOutputs}) and queued there too.
 * <p>
 * A restore feeds the entries to the backend, then opens it off the processing thread; no item is processed
 * before it is ready, and {@link #onReady()} lets a subclass rebuild in-memory indexes from the stores.
 *
 * @param <K> the key type
 * @param <S> the type of the state kept per key
 */
public abstract class AbstractKeyedStateP<K, S> extends AbstractProcessor implements DynamicMetricsProvider {

    protected final FunctionEx<Object, ? extends K> keyFn;
    private final StateConfig config;
    private final StateHost<K, S> host;
    private final ArrayDeque<Object> pendingOutputs = new ArrayDeque<>();
    private final HeldOutputs heldOutputs;
    private final RestoreAudit restoreAudit = new RestoreAudit();

    private IPartitionService partitions;
    private KeyBytesMemo<K> keyBytes;
    // set when the key serde is the default one and the computation agrees with the partition service
    private PartitionOfKeyBytes partitionOfKeyBytes;
    private boolean ready;
    private Traverser<Entry<Object, Object>> snapshotTraverser;
    private List<Entry<Object, Object>> snapshotEntries;
    private SnapshotEmitter snapshotEmitter;
    private SnapshotEmitter.SnapshotOutbox snapshotOutbox;
    private Context context;

    @SuppressWarnings("unchecked")
    protected AbstractKeyedStateP(StateConfig config, StateBackendFactory factory, FunctionEx<?, ? extends K> keyFn) {
        this.config = config;
        this.host = new StateHost<>(config, factory);
        this.keyFn = (FunctionEx<Object, ? extends K>) keyFn;
        this.heldOutputs = HeldOutputs.of(config);
    }

    @Override
    public boolean isCooperative() {
        return host.isCooperative();
    }

    @Override
    protected void init(Context context) throws Exception {
        this.context = context;
        partitions = Util.getNodeEngine(context.hazelcastInstance()).getPartitionService();
        snapshotEmitter = SnapshotEmitter.of(context, partitions);
        snapshotOutbox = this::tryEmitToSnapshot;
        keyBytes = new KeyBytesMemo<>(StateHost.serde(config.keySerde(), context));
        partitionOfKeyBytes = config.keySerde() == null
                ? PartitionOfKeyBytes.verifiedFor(partitions, StateHost.serialization(context)) : null;
        host.init(context, partitions.getPartitionCount(), context.processorPartitions(), keyBytes,
                new PartitionedEntryRouting(partitions));
        if (heldOutputs != null) {
            heldOutputs.init(context.processingGuarantee(), System.nanoTime());
        }
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
        return host.where();
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
        try {
            return host.store(partition);
        } catch (IllegalArgumentException e) {
            throw new JetException(where() + " received key '" + key + "' of state partition " + partition
                    + ", which it does not own: connect this vertex with a distributed edge partitioned by the "
                    + "same key (Edge.partitioned(keyFn).distributed())", e);
        }
    }

    /** The stores of every owned state partition, for index rebuilding. */
    protected final List<KeyedStateStore<K, S>> ownedStores() {
        return host.ownedStores();
    }

    /** Queues an output; {@link #drainOutputs()} emits the queue in order. */
    protected final void queueOutput(Object output) {
        pendingOutputs.addLast(output);
    }

    /** Whether outputs are held back until the next snapshot ({@code OutputMode.NEWEST_PER_SNAPSHOT}). */
    protected final boolean holdsOutputs() {
        return heldOutputs != null;
    }

    /** Holds {@code output} as {@code key}'s newest until the next snapshot; needs {@link #holdsOutputs()}. */
    protected final void holdOutput(Object key, Object output) {
        heldOutputs.hold(key, output);
    }

    /** Queues the held outputs (if any) behind the queued ones; {@link #drainOutputs()} then emits them. */
    protected final void releaseHeldOutputs() {
        if (heldOutputs != null) {
            heldOutputs.releaseTo(pendingOutputs, System.nanoTime());
        }
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
        if (!host.ensureReady()) {
            return false;
        }
        ready = true;
        onReady();
        return true;
    }

    @Override
    public boolean tryProcess() {
        host.idle();        // no input at hand: a ready backend may send what it holds before phase 1
        if (heldOutputs == null) {
            return true;
        }
        if (heldOutputs.releaseDue(System.nanoTime())) {
            releaseHeldOutputs();   // a job without snapshots
        }
        return drainOutputs();
    }

    @Override
    public boolean complete() {
        if (!ensureReady()) {
            return false;
        }
        releaseHeldOutputs();
        return drainOutputs();
    }

    @Override
    public boolean saveToSnapshot() {
        if (snapshotTraverser == null) {
            // outputs of state the snapshot holds go out before its barrier (none are queued before the open)
            if (ensureReady()) {
                releaseHeldOutputs();
                if (!drainOutputs()) {
                    return false;
                }
            }
            if (snapshotEntries == null) {
                snapshotEntries = new ArrayList<>();
            }
            if (!host.prepareSnapshot(currentWatermark(), snapshotEntries)) {
                return false;
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

    @Override
    public boolean snapshotCommitFinish(boolean success) {
        return host.finishSnapshot(success);
    }

    @Override
    protected void restoreFromSnapshot(Object key, Object value) {
        if (restoreAudit.take(key, value)) {
            return;
        }
        if (!host.restoreEntry(key, value)) {
            throw new UnknownSnapshotKeyException(where(), key);
        }
    }

    @Override
    public boolean finishSnapshotRestore() {
        restoreAudit.verify(context);
        host.finishRestore();
        long watermark = host.restoredWatermark();
        if (watermark != Long.MAX_VALUE) {
            restoreWatermark(watermark);
        }
        return true;
    }

    @Override
    public void provideDynamicMetrics(MetricDescriptor descriptor, MetricsCollectionContext context) {
        host.provideDynamicMetrics(descriptor, context);
    }

    @Override
    public void close() throws Exception {
        host.close();
    }
}
