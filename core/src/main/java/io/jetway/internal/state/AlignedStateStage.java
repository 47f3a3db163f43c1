package io.jetway.internal.state;

import com.hazelcast.function.FunctionEx;
import com.hazelcast.internal.metrics.MetricDescriptor;
import com.hazelcast.internal.metrics.MetricsCollectionContext;
import com.hazelcast.jet.core.EventTimePolicy;
import com.hazelcast.jet.core.Processor;
import io.jetway.internal.kafka.KafkaZeroCopySourceP;
import io.jetway.internal.kafka.RecordStage;
import io.jetway.spi.state.StateBackendFactory;
import io.jetway.state.OutputMode;
import io.jetway.state.StateConfig;
import io.jetway.state.StatefulFunction;

import java.util.Collection;
import java.util.List;
import java.util.Map.Entry;

/**
 * Keyed state fused into the Kafka source ("aligned" mode): state partition p is Kafka partition p, the
 * source processor that reads partition p owns its state, and items are never shuffled. Right for topics
 * whose producers partition by the same key the state is keyed by (a key spread over several partitions
 * gets a separate state in each).
 * <p>
 * A {@link StateHost} runs the backend; its entries travel as broadcast keys ({@link BroadcastEntryRouting}):
 * every source processor sees them all and keeps those of the partitions it reads now, so a job restored
 * with another parallelism still restores every partition once. That suits backends whose entries are
 * positions (kafka-changelog); the heap backend's entries are its whole state, so with heap the keyed-edge
 * mode restores with less traffic. The source keeps its watermarks per Kafka partition with its offsets, so
 * the host's watermark entry is always {@code Long.MIN_VALUE} here. With
 * {@code OutputMode.NEWEST_PER_SNAPSHOT} it holds each key's newest output ({@link HeldOutputs}) for the
 * source to emit before the snapshot's barrier.
 */
public final class AlignedStateStage<T, K, S, R> implements RecordStage {

    private final StateConfig config;
    private final StateHost<K, S> host;
    private final FunctionEx<? super T, ? extends K> keyFn;
    private final StatefulFunction<K, S, T, R> function;
    private final BoundKeyedState<K, S> state = new BoundKeyedState<>();
    private final HeldOutputs heldOutputs;
    private KeyBytesMemo<K> keyBytes;

    private AlignedStateStage(StateConfig config, StateBackendFactory factory, FunctionEx<? super T, ? extends K> keyFn,
                              StatefulFunction<K, S, T, R> function) {
        this.config = config;
        this.host = new StateHost<>(config, factory);
        this.keyFn = keyFn;
        this.function = function;
        this.heldOutputs = HeldOutputs.of(config);
    }

    /**
     * Fails when {@code config} holds outputs back ({@code NEWEST_PER_SNAPSHOT}) and the source has event time:
     * the held outputs leave at the snapshot, after watermarks that may have passed them.
     */
    public static void requireNoEventTimeWhenHolding(StateConfig config, EventTimePolicy<?> policy) {
        if (config.outputMode() == OutputMode.NEWEST_PER_SNAPSHOT && KafkaZeroCopySourceP.wrapsItems(policy)) {
            throw new IllegalArgumentException("Aligned keyed state with OutputMode.NEWEST_PER_SNAPSHOT emits its "
                    + "outputs at snapshots, after watermarks that may have passed them: read the source "
                    + "withoutTimestamps() (EventTimePolicy.noEventTime()), or use keyed-edge mapStateful for event time");
        }
    }

    /** A serializable factory of stages for the source's processor supplier. */
    public static <T, K, S, R> RecordStage.Factory factory(StateConfig config, FunctionEx<? super T, ? extends K> keyFn,
                                                           StatefulFunction<K, S, T, R> function) {
        return classLoader -> new AlignedStateStage<>(config, StateBackends.factoryFor(config, classLoader), keyFn,
                function);
    }

    @Override
    public boolean isBlocking() {
        return !host.isCooperative();
    }

    @Override
    public void init(Processor.Context context, String topic, int partitionCount, int[] ownedPartitions)
            throws Exception {
        keyBytes = new KeyBytesMemo<>(StateHost.serde(config.keySerde(), context));
        host.init(context, partitionCount, ownedPartitions, keyBytes,
                new BroadcastEntryRouting(partitionCount, ownedPartitions));
        if (heldOutputs != null) {
            heldOutputs.init(context.processingGuarantee(), System.nanoTime());
        }
    }

    @Override
    public boolean ready() {
        return host.ensureReady();
    }

    @Override
    public void idle() {
        host.idle();
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object apply(Object item, int partition) throws Exception {
        T t = (T) item;
        K key = keyFn.apply(t);
        keyBytes.bind(key);     // the store's read and write share one serialisation of the key
        state.bind(host.store(partition), key);
        R result;
        try {
            result = function.apply(state, key, t);
        } finally {
            state.flush();
        }
        if (heldOutputs == null || result == null) {
            return result;
        }
        heldOutputs.hold(key, result);
        return null;
    }

    @Override
    public boolean holdsOutputs() {
        return heldOutputs != null;
    }

    @Override
    public boolean heldOutputsDue(long nowNanos) {
        return heldOutputs != null && heldOutputs.releaseDue(nowNanos);
    }

    @Override
    public void releaseHeldOutputs(Collection<Object> into) {
        if (heldOutputs != null) {
            heldOutputs.releaseTo(into, System.nanoTime());
        }
    }

    @Override
    public boolean saveToSnapshot(List<Entry<Object, Object>> entries) {
        return host.prepareSnapshot(Long.MIN_VALUE, entries);
    }

    @Override
    public boolean snapshotCommitFinish(boolean success) {
        return host.finishSnapshot(success);
    }

    @Override
    public boolean restoreEntry(Object key, Object value) {
        return host.restoreEntry(key, value);
    }

    @Override
    public void finishRestore() {
        host.finishRestore();
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
