package io.jetway.internal.state;

import com.hazelcast.function.FunctionEx;
import com.hazelcast.function.ToLongFunctionEx;
import com.hazelcast.jet.aggregate.AggregateOperation1;
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
public final class KeyedSessionWindowP<T, K, A, R> extends AbstractKeyedWindowP<T, K, SessionList> {

    private final long gapMs;
    private final AggregateOperation1<? super T, A, ? extends R> operation;

    /**
     * A processor.
     *
     * @param timestampFn event time of an item; {@code null} to take it from Pipeline {@link JetEvent}s
     * @param wrapOutputs whether to emit outputs as {@link JetEvent}s (Pipeline stages with timestamps)
     */
    public KeyedSessionWindowP(StateConfig config, StateBackendFactory factory, FunctionEx<? super T, ? extends K> keyFn,
                               ToLongFunctionEx<? super T> timestampFn, long gapMs,
                               AggregateOperation1<? super T, A, ? extends R> operation, boolean wrapOutputs) {
        super(config, factory, keyFn, timestampFn, wrapOutputs);
        if (gapMs <= 0) {
            throw new IllegalArgumentException("session gap must be positive: " + gapMs);
        }
        if (operation.combineFn() == null) {
            throw new IllegalArgumentException("A session window needs an aggregate operation with a combine function");
        }
        this.gapMs = gapMs;
        this.operation = operation;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected boolean accumulate(K key, T t, long ts) {
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
        save(store, key, sessions);
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
    protected long nextDue(SessionList sessions) {
        return sessions.earliestEnd();
    }

    @Override
    @SuppressWarnings("unchecked")
    protected void emitDue(K key, long wm) {
        KeyedStateStore<K, SessionList> store = storeOf(key);
        SessionList sessions = store.get(key);
        if (sessions == null) {
            return;
        }
        for (int i = 0; i < sessions.size(); ) {
            if (sessions.end(i) <= wm) {
                KeyedWindowResult<K, R> result = new KeyedWindowResult<>(sessions.start(i), sessions.end(i), key,
                        operation.exportFn().apply((A) sessions.acc(i)));
                queueOutput(output(sessions.end(i) - 1, result));
                sessions.remove(i);
            } else {
                i++;
            }
        }
        save(store, key, sessions);
    }
}
