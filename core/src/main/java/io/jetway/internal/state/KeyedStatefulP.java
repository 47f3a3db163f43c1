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
import com.hazelcast.jet.impl.JetEvent;
import com.hazelcast.jet.impl.util.Util;
import com.hazelcast.spi.impl.NodeEngineImpl;
import io.jetway.spi.state.KeyedStateStore;
import io.jetway.spi.state.StateBackend;
import io.jetway.spi.state.StateBackendFactory;
import io.jetway.spi.state.StateSerde;
import io.jetway.state.StateConfig;
import io.jetway.state.StatefulFunction;

import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map.Entry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static com.hazelcast.jet.core.BroadcastKey.broadcastKey;

/**
 * A keyed stateful processor behind a distributed, partitioned edge ("keyed edge" mode): the state
 * partition of a key is its Jet partition, so the processor owns exactly the state partitions whose
 * keys Jet routes to it, and a job restored with another parallelism hands every state partition to its
 * new owner. The state lives in a {@link StateBackend} chosen by name.
 * <p>
 * For each item: key, state partition, the key's state (read at most once), the user's
 * {@link StatefulFunction}, the changed state written back, the output emitted. An output the outbox
 * refuses is kept and emitted on the next call without applying the function twice.
 * <p>
 * Snapshots: the backend's entries go into Jet's snapshot under {@link StatePartitionKey}s routed to the
 * owner of their state partition; phase 2 is passed on to the backend. A restore feeds the entries to the
 * backend, then opens it off the processing thread; no item is processed before it is ready.
 */
public final class KeyedStatefulP<T, K, S, R> extends AbstractProcessor implements DynamicMetricsProvider {

    private static final BroadcastKey<String> SEQUENCE_KEY = broadcastKey("jetway.state.snapshotSequence");

    private final StateConfig config;
    private final FunctionEx<? super T, ? extends K> keyFn;
    private final StatefulFunction<K, S, T, R> function;
    private final StateBackendFactory factory;
    private final BoundKeyedState<K, S> state = new BoundKeyedState<>();

    private StateBackend<K, S> backend;
    private IPartitionService partitions;
    private PartitionRoutingKeys routingKeys;
    private KeyedStateStore<K, S>[] stores;
    private String where;
    private CompletableFuture<Void> opening;
    private boolean ready;
    private boolean restoring;
    private long snapshotSequence;
    private Object pendingOutput;
    private Traverser<Entry<Object, Object>> snapshotTraverser;

    /** A processor; {@code factory} is resolved by the supplier so that {@link #isCooperative()} can ask it. */
    public KeyedStatefulP(StateConfig config, StateBackendFactory factory, FunctionEx<? super T, ? extends K> keyFn,
                          StatefulFunction<K, S, T, R> function) {
        this.config = config;
        this.factory = factory;
        this.keyFn = keyFn;
        this.function = function;
    }

    @Override
    public boolean isCooperative() {
        return !factory.isBlocking();
    }

    @Override
    @SuppressWarnings("unchecked")
    protected void init(Context context) throws Exception {
        where = "job '" + context.jobConfig().getName() + "' vertex '" + context.vertexName() + "'";
        NodeEngineImpl nodeEngine = Util.getNodeEngine(context.hazelcastInstance());
        partitions = nodeEngine.getPartitionService();
        InternalSerializationService serialization = (InternalSerializationService) nodeEngine.getSerializationService();
        StateSerde<K> keySerde = config.keySerde() != null ? (StateSerde<K>) config.keySerde()
                : new HazelcastStateSerde<>(serialization);
        StateSerde<S> valueSerde = config.valueSerde() != null ? (StateSerde<S>) config.valueSerde()
                : new HazelcastStateSerde<>(serialization);
        int partitionCount = partitions.getPartitionCount();
        int[] owned = context.processorPartitions();
        backend = factory.create(new ProcessorStateContext<>(context, partitionCount, owned, config.options(),
                keySerde, valueSerde));
        stores = new KeyedStateStore[partitionCount];
    }

    @Override
    protected boolean tryProcess(int ordinal, Object item) throws Exception {
        if (!ensureReady()) {
            return false;
        }
        if (pendingOutput != null) {
            if (!tryEmit(pendingOutput)) {
                return false;
            }
            pendingOutput = null;
            return true;      // the function already ran for this item
        }
        // A Pipeline stage with timestamps hands over JetEvents: unwrap, and wrap the output alike.
        JetEvent<?> event = item instanceof JetEvent<?> e ? e : null;
        @SuppressWarnings("unchecked")
        T t = (T) (event != null ? event.payload() : item);
        K key = keyFn.apply(t);
        state.bind(storeOf(key), key);
        R result;
        try {
            result = function.apply(state, key, t);
        } finally {
            state.flush();
        }
        if (result == null) {
            return true;
        }
        Object output = event != null ? JetEvent.jetEvent(event.timestamp(), result) : result;
        if (!tryEmit(output)) {
            pendingOutput = output;
            return false;
        }
        return true;
    }

    @Override
    public boolean complete() {
        return ensureReady();
    }

    private KeyedStateStore<K, S> storeOf(K key) {
        int partition = partitions.getPartitionId(key);
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

    /** Opens the backend at the first call (fresh start) and reports whether it is ready; never blocks. */
    private boolean ensureReady() {
        if (ready) {
            return true;
        }
        if (opening == null) {
            opening = backend.open(restoring).toCompletableFuture();
        }
        if (!opening.isDone()) {
            return false;
        }
        try {
            opening.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JetException(where + ": interrupted while opening the state backend", e);
        } catch (ExecutionException e) {
            throw new JetException(where + ": state backend '" + config.backendName() + "' failed to "
                    + (restoring ? "restore" : "open") + ": " + e.getCause().getMessage(), e.getCause());
        }
        ready = true;
        return true;
    }

    @Override
    public boolean saveToSnapshot() {
        if (!ensureReady()) {
            return false;
        }
        if (snapshotTraverser == null) {
            if (routingKeys == null) {
                routingKeys = new PartitionRoutingKeys(partitions);
            }
            long sequence = ++snapshotSequence;
            List<Entry<Object, Object>> entries = new ArrayList<>();
            entries.add(new SimpleImmutableEntry<>(SEQUENCE_KEY, sequence));
            try {
                backend.prepareSnapshot(sequence, (p, k, v) -> entries.add(new SimpleImmutableEntry<>(
                        new StatePartitionKey(p, k, routingKeys.keyOf(p)), v)));
            } catch (Exception e) {
                throw new JetException(where + ": state backend '" + config.backendName()
                        + "' failed in snapshot phase 1: " + e, e);
            }
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
        try {
            backend.finishSnapshot(snapshotSequence, success);
        } catch (Exception e) {
            throw new JetException(where + ": state backend '" + config.backendName() + "' failed to "
                    + (success ? "commit" : "keep") + " snapshot " + snapshotSequence + ": " + e, e);
        }
        return true;
    }

    @Override
    protected void restoreFromSnapshot(Object key, Object value) {
        restoring = true;
        if (SEQUENCE_KEY.equals(key)) {
            snapshotSequence = Math.max(snapshotSequence, (Long) value);
            return;
        }
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
        if (backend != null) {
            backend.close();
        }
    }
}
