package io.jetway;

import com.hazelcast.function.FunctionEx;
import com.hazelcast.jet.core.ProcessorMetaSupplier;
import io.jetway.internal.state.KeyedStatefulProcessorSupplier;
import io.jetway.state.StateConfig;
import io.jetway.state.StatefulFunction;

import static java.util.Objects.requireNonNull;

/**
 * DAG factories of Jetway's keyed stateful processors. Connect the vertex with an edge partitioned by the
 * same key and distributed, {@code Edge.between(upstream, stateful).partitioned(keyFn).distributed()}: the
 * state partition of a key is its Jet partition. Use {@link io.jetway.state.StatefulFunctions} for counts
 * and aggregates, or write a {@link StatefulFunction}.
 */
public final class JetwayProcessors {

    private JetwayProcessors() {
    }

    /**
     * A vertex that applies {@code function} to each item with the state of its key, kept in the backend
     * named in {@code state}, and emits what the function returns.
     */
    public static <T, K, S, R> ProcessorMetaSupplier keyedStatefulP(StateConfig state,
                                                                    FunctionEx<? super T, ? extends K> keyFn,
                                                                    StatefulFunction<K, S, T, R> function) {
        requireNonNull(state, "state cannot be null");
        requireNonNull(keyFn, "keyFn cannot be null");
        requireNonNull(function, "function cannot be null");
        return ProcessorMetaSupplier.of(new KeyedStatefulProcessorSupplier<>(state, keyFn, function));
    }
}
