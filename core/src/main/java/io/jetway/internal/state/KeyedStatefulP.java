package io.jetway.internal.state;

import com.hazelcast.function.FunctionEx;
import com.hazelcast.jet.core.Watermark;
import com.hazelcast.jet.impl.JetEvent;
import io.jetway.spi.state.StateBackendFactory;
import io.jetway.state.StateConfig;
import io.jetway.state.StatefulFunction;

/**
 * Applies a {@link StatefulFunction} per item: key, the key's state (read at most once), the function,
 * the changed state written back, the output emitted. An output the outbox refuses is kept and emitted on
 * the next call without applying the function twice. A Pipeline stage with timestamps hands over
 * {@link JetEvent}s: they are unwrapped and the output wrapped with the same timestamp. With
 * {@code OutputMode.NEWEST_PER_SNAPSHOT} the output is held as its key's newest instead, and a watermark
 * first emits what is held, so that no output falls behind it.
 */
public final class KeyedStatefulP<T, K, S, R> extends AbstractKeyedStateP<K, S> {

    private final StatefulFunction<K, S, T, R> function;
    private final BoundKeyedState<K, S> state = new BoundKeyedState<>();
    private boolean outputPending;

    /** A processor; the supplier resolves {@code factory} so that {@link #isCooperative()} can ask it. */
    public KeyedStatefulP(StateConfig config, StateBackendFactory factory, FunctionEx<? super T, ? extends K> keyFn,
                          StatefulFunction<K, S, T, R> function) {
        super(config, factory, keyFn);
        this.function = function;
    }

    @Override
    protected boolean tryProcess(int ordinal, Object item) throws Exception {
        if (!ensureReady()) {
            return false;
        }
        if (outputPending) {
            if (!drainOutputs()) {
                return false;
            }
            outputPending = false;
            return true;      // the function already ran for this item
        }
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
        if (holdsOutputs()) {
            holdOutput(key, output);
            return true;
        }
        if (!tryEmit(output)) {
            queueOutput(output);
            outputPending = true;
            return false;
        }
        return true;
    }

    @Override
    public boolean tryProcessWatermark(Watermark watermark) {
        releaseHeldOutputs();
        return drainOutputs() && tryEmit(watermark);
    }
}
