package io.jetway.internal.state;

import com.hazelcast.function.FunctionEx;
import com.hazelcast.function.ToLongFunctionEx;
import com.hazelcast.internal.metrics.MetricDescriptor;
import com.hazelcast.internal.metrics.MetricsCollectionContext;
import com.hazelcast.internal.metrics.ProbeLevel;
import com.hazelcast.internal.metrics.ProbeUnit;
import com.hazelcast.jet.JetException;
import com.hazelcast.jet.core.Watermark;
import com.hazelcast.jet.impl.JetEvent;
import io.jetway.spi.state.KeyedStateStore;
import io.jetway.spi.state.StateBackendFactory;
import io.jetway.state.StateConfig;

/**
 * The event-time half of the keyed window processors: an item's event time (from a Pipeline {@link JetEvent}
 * or a timestamp function), dropping items behind the watermark (metric {@code lateItemsDropped}), and on
 * each watermark a visit of the keys an in-memory {@link DueIndex} says are due; the index is rebuilt from
 * the stores after a restore. Subclasses keep one state object per key and say what an item adds to it,
 * what a watermark emits from it, and when it is next due.
 *
 * @param <T> the item type
 * @param <K> the key type
 * @param <S> the per-key state type
 */
abstract class AbstractKeyedWindowP<T, K, S> extends AbstractKeyedStateP<K, S> {

    private final ToLongFunctionEx<? super T> timestampFn;
    private final boolean wrapOutputs;
    private final DueIndex<K> due = new DueIndex<>();
    private long currentWm = Long.MIN_VALUE;
    private boolean watermarkInProgress;
    private long lateItems;

    /**
     * @param timestampFn event time of an item; {@code null} to take it from Pipeline {@link JetEvent}s
     * @param wrapOutputs whether to emit outputs as {@link JetEvent}s (Pipeline stages with timestamps)
     */
    AbstractKeyedWindowP(StateConfig config, StateBackendFactory factory, FunctionEx<? super T, ? extends K> keyFn,
                         ToLongFunctionEx<? super T> timestampFn, boolean wrapOutputs) {
        super(config, factory, keyFn);
        KeyedWindows.requireEveryUpdate(config);
        this.timestampFn = timestampFn;
        this.wrapOutputs = wrapOutputs;
    }

    /** Adds {@code item} at {@code timestamp} to its key's state; {@code false} when it is late for it. */
    protected abstract boolean accumulate(K key, T item, long timestamp);

    /** Queues what the watermark {@code wm} ends in {@code key}'s state and saves what is left ({@link #save}). */
    protected abstract void emitDue(K key, long wm);

    /** When the next output of {@code state} is due; {@code Long.MAX_VALUE} when nothing is left in it. */
    protected abstract long nextDue(S state);

    /** Stores {@code state} for {@code key}, or removes the key when nothing is left, and indexes its next due time. */
    protected final void save(KeyedStateStore<K, S> store, K key, S state) {
        long next = nextDue(state);
        if (next == Long.MAX_VALUE) {
            store.remove(key);
        } else {
            store.put(key, state);
        }
        due.set(key, next);
    }

    /** {@code result} as the processor emits it: wrapped in a {@link JetEvent} at {@code timestamp} when asked. */
    protected final Object output(long timestamp, Object result) {
        return wrapOutputs ? JetEvent.jetEvent(timestamp, result) : result;
    }

    @Override
    protected void onReady() {
        for (KeyedStateStore<K, S> store : ownedStores()) {
            store.forEach((key, state) -> due.set(key, nextDue(state)));
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    protected final boolean tryProcess(int ordinal, Object item) {
        if (!ensureReady()) {
            return false;
        }
        T t;
        long ts;
        if (item instanceof JetEvent<?> event) {
            t = (T) event.payload();
            ts = timestampFn != null ? timestampFn.applyAsLong(t) : event.timestamp();
        } else {
            t = (T) item;
            if (timestampFn == null) {
                throw new JetException(where() + ": items carry no event time; give a timestamp function");
            }
            ts = timestampFn.applyAsLong(t);
        }
        if (ts < currentWm || !accumulate(keyFn.apply(t), t, ts)) {
            lateItems++;
        }
        return true;
    }

    @Override
    protected final long currentWatermark() {
        return currentWm;
    }

    @Override
    protected final void restoreWatermark(long watermark) {
        currentWm = watermark;
    }

    @Override
    public final boolean tryProcessWatermark(Watermark watermark) {
        if (!ensureReady()) {
            return false;
        }
        if (!watermarkInProgress) {
            currentWm = Math.max(currentWm, watermark.timestamp());
            for (K key : due.pollDue(currentWm)) {
                emitDue(key, currentWm);
            }
            queueOutput(watermark);
            watermarkInProgress = true;
        }
        if (!drainOutputs()) {
            return false;
        }
        watermarkInProgress = false;
        return true;
    }

    @Override
    public void provideDynamicMetrics(MetricDescriptor descriptor, MetricsCollectionContext context) {
        super.provideDynamicMetrics(descriptor, context);
        context.collect(descriptor, "lateItemsDropped", ProbeLevel.INFO, ProbeUnit.COUNT, lateItems);
    }
}
