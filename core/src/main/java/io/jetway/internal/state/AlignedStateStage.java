package io.jetway.internal.state;

import com.hazelcast.function.FunctionEx;
import com.hazelcast.internal.metrics.MetricDescriptor;
import com.hazelcast.internal.metrics.MetricsCollectionContext;
import com.hazelcast.internal.metrics.ProbeLevel;
import com.hazelcast.internal.metrics.ProbeUnit;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.jet.core.BroadcastKey;
import com.hazelcast.jet.core.Processor;
import com.hazelcast.jet.impl.util.Util;
import io.jetway.internal.kafka.RecordStage;
import io.jetway.spi.state.KeyedStateStore;
import io.jetway.spi.state.StateBackend;
import io.jetway.spi.state.StateBackendFactory;
import io.jetway.spi.state.StateSerde;
import io.jetway.state.StateBackends;
import io.jetway.state.StateConfig;
import io.jetway.state.StatefulFunction;

import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

import static com.hazelcast.jet.core.BroadcastKey.broadcastKey;

/**
 * Keyed state fused into the Kafka source ("aligned" mode): state partition p is Kafka partition p, the
 * source processor that reads partition p owns its state, and items are never shuffled. Right for topics
 * whose producers partition by the same key the state is keyed by (a key spread over several partitions
 * gets a separate state in each).
 * <p>
 * Snapshot entries travel as broadcast keys: every source processor sees them all and keeps those of the
 * partitions it reads now, so a job restored with another parallelism still restores every partition
 * once. That suits backends whose entries are positions (kafka-changelog); the heap backend's entries are
 * its whole state, so with heap the keyed-edge mode restores with less traffic.
 */
public final class AlignedStateStage<T, K, S, R> implements RecordStage {

    private static final BroadcastKey<String> SEQUENCE_KEY = broadcastKey("jetway.aligned.snapshotSequence");

    private final StateConfig config;
    private final StateBackendFactory factory;
    private final FunctionEx<? super T, ? extends K> keyFn;
    private final StatefulFunction<K, S, T, R> function;
    private final BoundKeyedState<K, S> state = new BoundKeyedState<>();
    private final RestoredSnapshot restored = new RestoredSnapshot();

    private StateBackend<K, S> backend;
    private KeyedStateStore<K, S>[] stores;
    private boolean[] owned;
    private String where;
    private CompletableFuture<Void> opening;
    private boolean ready;
    private boolean restoring;
    private long snapshotSequence;

    private AlignedStateStage(StateConfig config, StateBackendFactory factory, FunctionEx<? super T, ? extends K> keyFn,
                              StatefulFunction<K, S, T, R> function) {
        this.config = config;
        this.factory = factory;
        this.keyFn = keyFn;
        this.function = function;
    }

    /** A serializable factory of stages for the source's processor supplier. */
    public static <T, K, S, R> RecordStage.Factory factory(StateConfig config, FunctionEx<? super T, ? extends K> keyFn,
                                                           StatefulFunction<K, S, T, R> function) {
        return classLoader -> new AlignedStateStage<>(config, StateBackends.factoryFor(config, classLoader), keyFn,
                function);
    }

    @Override
    public boolean isBlocking() {
        return factory.isBlocking();
    }

    @Override
    public boolean isSnapshotBlocking() {
        return factory.isSnapshotBlocking();
    }

    @Override
    @SuppressWarnings("unchecked")
    public void init(Processor.Context context, String topic, int partitionCount, int[] ownedPartitions)
            throws Exception {
        where = "job '" + context.jobConfig().getName() + "' vertex '" + context.vertexName() + "'";
        InternalSerializationService serialization = (InternalSerializationService)
                Util.getNodeEngine(context.hazelcastInstance()).getSerializationService();
        StateSerde<K> keySerde = config.keySerde() != null ? (StateSerde<K>) config.keySerde()
                : new HazelcastStateSerde<>(serialization);
        StateSerde<S> valueSerde = config.valueSerde() != null ? (StateSerde<S>) config.valueSerde()
                : new HazelcastStateSerde<>(serialization);
        backend = factory.create(new ProcessorStateContext<>(context, partitionCount, ownedPartitions, config.options(),
                keySerde, valueSerde));
        stores = new KeyedStateStore[partitionCount];
        owned = new boolean[partitionCount];
        for (int p : ownedPartitions) {
            owned[p] = true;
        }
    }

    @Override
    public boolean ready() {
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
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object apply(Object item, int partition) throws Exception {
        T t = (T) item;
        K key = keyFn.apply(t);
        KeyedStateStore<K, S> store = stores[partition];
        if (store == null) {
            store = backend.store(partition);
            stores[partition] = store;
        }
        state.bind(store, key);
        try {
            return function.apply(state, key, t);
        } finally {
            state.flush();
        }
    }

    @Override
    public void prepareSnapshot(BiConsumer<Object, Object> entries) throws Exception {
        long sequence = ++snapshotSequence;
        entries.accept(SEQUENCE_KEY, sequence);
        backend.prepareSnapshot(sequence, (p, k, v) -> entries.accept(broadcastKey(new AlignedStateKey(p, k)), v));
    }

    @Override
    public boolean saveWhileOpening(BiConsumer<Object, Object> entries) throws Exception {
        if (!restored.isAvailable()) {
            return false;
        }
        if (!restored.saveTo(backend, snapshotSequence, (p, k) -> broadcastKey(new AlignedStateKey(p, k)), entries)) {
            return false;       // nothing added: the backend cannot answer before its recovery is done
        }
        entries.accept(SEQUENCE_KEY, snapshotSequence);
        return true;
    }

    @Override
    public void finishSnapshot(boolean success) throws Exception {
        if (restored.finishEchoed()) {
            return;             // the snapshot saved the restored entries again; the backend prepared nothing
        }
        backend.finishSnapshot(snapshotSequence, success);
    }

    @Override
    public boolean restoreEntry(Object key, Object value) throws Exception {
        if (SEQUENCE_KEY.equals(key)) {
            snapshotSequence = Math.max(snapshotSequence, (Long) value);
            restoring = true;
            return true;
        }
        if (key instanceof BroadcastKey<?> b && b.key() instanceof AlignedStateKey k) {
            restoring = true;
            if (k.partition() < owned.length && owned[k.partition()]) {
                restored.addBackendEntry(key, value);
                backend.restoreEntry(k.partition(), k.backendKey(), value);
            }
            return true;
        }
        return false;
    }

    @Override
    public void finishRestore() {
        restoring = true;
        restored.restoreFinished();
        opening = backend.open(true).toCompletableFuture();
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
