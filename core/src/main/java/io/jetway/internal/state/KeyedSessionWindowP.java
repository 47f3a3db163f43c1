package io.jetway.internal.state;

import com.hazelcast.function.FunctionEx;
import com.hazelcast.function.ToLongFunctionEx;
import com.hazelcast.internal.metrics.MetricDescriptor;
import com.hazelcast.internal.metrics.MetricsCollectionContext;
import com.hazelcast.internal.metrics.ProbeLevel;
import com.hazelcast.internal.metrics.ProbeUnit;
import com.hazelcast.jet.JetException;
import com.hazelcast.jet.aggregate.AggregateOperation1;
import com.hazelcast.jet.core.Watermark;
import com.hazelcast.jet.datamodel.KeyedWindowResult;
import com.hazelcast.jet.impl.JetEvent;
import io.jetway.spi.state.KeyedStateStore;
import io.jetway.spi.state.StateBackendFactory;
import io.jetway.state.StateConfig;

/**
 * Event-time session windows per key, with the open sessions in a state backend. An item at time t opens
 * the session [t, t + gap) or extends and merges the sessions it overlaps; a watermark emits every
 * session that ended at or before it as a {@link KeyedWindowResult} and removes it. Items older than the
 * watermark are late and dropped (metric {@code lateItemsDropped}). An in-memory {@link DueIndex} of
 * session ends says which keys to visit; it is rebuilt from the stores after a restore.
 */
public final class KeyedSessionWindowP<T, K, A, R> extends AbstractKeyedStateP<K, SessionList> {

    private final long gapMs;
    private final AggregateOperation1<? super T, A, ? extends R> operation;
    private final ToLongFunctionEx<? super T> timestampFn;
    private final boolean wrapOutputs;
    private final DueIndex<K> due = new DueIndex<>();
    private long currentWm = Long.MIN_VALUE;
    private boolean watermarkInProgress;
    private long lateItems;

    /**
     * A processor.
     *
     * @param timestampFn event time of an item; {@code null} to take it from Pipeline {@link JetEvent}s
     * @param wrapOutputs whether to emit outputs as {@link JetEvent}s (Pipeline stages with timestamps)
     */
    public KeyedSessionWindowP(StateConfig config, StateBackendFactory factory, FunctionEx<? super T, ? extends K> keyFn,
                               ToLongFunctionEx<? super T> timestampFn, long gapMs,
                               AggregateOperation1<? super T, A, ? extends R> operation, boolean wrapOutputs) {
        super(config, factory, keyFn);
        if (gapMs <= 0) {
            throw new IllegalArgumentException("session gap must be positive: " + gapMs);
        }
        if (operation.combineFn() == null) {
            throw new IllegalArgumentException("A session window needs an aggregate operation with a combine function");
        }
        this.gapMs = gapMs;
        this.operation = operation;
        this.timestampFn = timestampFn;
        this.wrapOutputs = wrapOutputs;
    }

    @Override
    protected void onReady() {
        for (KeyedStateStore<K, SessionList> store : ownedStores()) {
            store.forEach((key, sessions) -> due.set(key, sessions.earliestEnd()));
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    protected boolean tryProcess(int ordinal, Object item) throws Exception {
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
        if (ts < currentWm) {
            lateItems++;
            return true;
        }
        K key = keyFn.apply(t);
        KeyedStateStore<K, SessionList> store = storeOf(key);
        SessionList sessions = store.get(key);
        if (sessions == null) {
            sessions = new SessionList();
        }
        long start = ts;
        long end = ts + gapMs;
        int into = sessions.firstOverlapping(start, end);
        if (into < 0) {
            into = sessions.add(start, end, operation.createFn().get());
        } else {
            sessions.widen(into, start, end);
        }
        operation.accumulateFn().accept((A) sessions.acc(into), t);
        mergeOverlaps(sessions, into);
        store.put(key, sessions);
        due.set(key, sessions.earliestEnd());
        return true;
    }

    /** Merges into session {@code into} every other session that now overlaps it. */
    @SuppressWarnings("unchecked")
    private void mergeOverlaps(SessionList sessions, int into) {
        boolean merged = true;
        while (merged) {
            merged = false;
            for (int i = 0; i < sessions.size(); i++) {
                if (i != into && sessions.start(i) < sessions.end(into) && sessions.start(into) < sessions.end(i)) {
                    sessions.widen(into, sessions.start(i), sessions.end(i));
                    operation.combineFn().accept((A) sessions.acc(into), (A) sessions.acc(i));
                    sessions.remove(i);
                    if (i < into) {
                        into--;
                    }
                    merged = true;
                    break;
                }
            }
        }
    }

    @Override
    protected long currentWatermark() {
        return currentWm;
    }

    @Override
    protected void restoreWatermark(long watermark) {
        currentWm = watermark;
    }

    @Override
    public boolean tryProcessWatermark(Watermark watermark) {
        if (!ensureReady()) {
            return false;
        }
        if (!watermarkInProgress) {
            currentWm = Math.max(currentWm, watermark.timestamp());
            for (K key : due.pollDue(currentWm)) {
                emitEndedSessions(key, currentWm);
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

    @SuppressWarnings("unchecked")
    private void emitEndedSessions(K key, long wm) {
        KeyedStateStore<K, SessionList> store = storeOf(key);
        SessionList sessions = store.get(key);
        if (sessions == null) {
            return;
        }
        for (int i = 0; i < sessions.size(); ) {
            if (sessions.end(i) <= wm) {
                KeyedWindowResult<K, R> result = new KeyedWindowResult<>(sessions.start(i), sessions.end(i), key,
                        operation.exportFn().apply((A) sessions.acc(i)));
                queueOutput(wrapOutputs ? JetEvent.jetEvent(sessions.end(i) - 1, result) : result);
                sessions.remove(i);
            } else {
                i++;
            }
        }
        if (sessions.size() == 0) {
            store.remove(key);
            due.set(key, Long.MAX_VALUE);
        } else {
            store.put(key, sessions);
            due.set(key, sessions.earliestEnd());
        }
    }

    @Override
    public void provideDynamicMetrics(MetricDescriptor descriptor, MetricsCollectionContext context) {
        super.provideDynamicMetrics(descriptor, context);
        context.collect(descriptor, "lateItemsDropped", ProbeLevel.INFO, ProbeUnit.COUNT, lateItems);
    }
}
