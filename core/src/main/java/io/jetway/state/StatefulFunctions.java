package io.jetway.state;

import com.hazelcast.jet.aggregate.AggregateOperation1;

import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.Map;

/** Ready-made {@link StatefulFunction}s: running counts and rolling aggregates per key. */
public final class StatefulFunctions {

    private StatefulFunctions() {
    }

    /** Counts the items of each key; emits {@code (key, count so far)} for every item. */
    public static <K, T> StatefulFunction<K, Long, T, Map.Entry<K, Long>> count() {
        return (state, key, item) -> {
            Long previous = state.get();
            long count = previous == null ? 1 : previous + 1;
            state.set(count);
            return new SimpleImmutableEntry<>(key, count);
        };
    }

    /**
     * Aggregates the items of each key with a Jet {@link AggregateOperation1}; emits {@code (key, result so
     * far)} for every item. The accumulator is the state, so the backend must be able to serialize it.
     */
    public static <K, T, A, R> StatefulFunction<K, A, T, Map.Entry<K, R>> aggregate(
            AggregateOperation1<? super T, A, ? extends R> operation) {
        return (state, key, item) -> {
            A acc = state.get();
            if (acc == null) {
                acc = operation.createFn().get();
            }
            operation.accumulateFn().accept(acc, item);
            state.set(acc);
            return new SimpleImmutableEntry<>(key, operation.exportFn().apply(acc));
        };
    }
}
