package io.jetway;

import com.hazelcast.function.FunctionEx;
import com.hazelcast.function.ToLongFunctionEx;
import com.hazelcast.jet.aggregate.AggregateOperation1;
import com.hazelcast.jet.core.Partitioner;
import com.hazelcast.jet.core.ProcessorMetaSupplier;
import com.hazelcast.jet.core.SlidingWindowPolicy;
import io.jetway.internal.state.KeyPartitioner;
import io.jetway.internal.state.KeyedSessionWindowP;
import io.jetway.internal.state.KeyedSlidingWindowP;
import io.jetway.internal.state.KeyedStateProcessorSupplier;
import io.jetway.internal.state.KeyedStatefulP;
import io.jetway.state.StateConfig;
import io.jetway.state.StatefulFunction;

import static java.util.Objects.requireNonNull;

/**
 * DAG factories of Jetway's keyed stateful processors, whose state lives in the backend named in a
 * {@link StateConfig}. Connect each with an edge partitioned by the same key and distributed,
 * {@code Edge.between(upstream, stateful).partitioned(keyFn).distributed()} ({@link #keyPartitioner()}
 * computes the same partitions faster): the state partition of a key is its Jet partition, so a job restored on more or fewer members gives every key's state to the
 * processor that receives the key.
 */
public final class JetwayProcessors {

    private JetwayProcessors() {
    }

    /**
     * Jet's default partitioning of keyed edges (the member's partition of the key, the one the state
     * partitions follow), computed without Hazelcast serialization for {@code String}, {@code Long} and
     * {@code Integer} keys; other keys, or a member whose serialization differs, get the default
     * computation. Use it for the edge into a keyed processor:
     * {@code between(upstream, stateful).partitioned(keyFn, JetwayProcessors.keyPartitioner()).distributed()}.
     */
    public static Partitioner<Object> keyPartitioner() {
        return new KeyPartitioner();
    }

    /**
     * Applies {@code function} to each item with the state of its key and emits what the function returns;
     * see {@link io.jetway.state.StatefulFunctions} for counts and rolling aggregates.
     */
    public static <T, K, S, R> ProcessorMetaSupplier keyedStatefulP(StateConfig state,
                                                                    FunctionEx<? super T, ? extends K> keyFn,
                                                                    StatefulFunction<K, S, T, R> function) {
        requireNonNull(state, "state cannot be null");
        requireNonNull(keyFn, "keyFn cannot be null");
        requireNonNull(function, "function cannot be null");
        return ProcessorMetaSupplier.of(new KeyedStateProcessorSupplier(state,
                (config, factory) -> new KeyedStatefulP<>(config, factory, keyFn, function)));
    }

    /**
     * Tumbling or sliding event-time windows per key ({@code SlidingWindowPolicy.tumblingWinPolicy(size)} or
     * {@code slidingWinPolicy(size, slide)}); emits a {@code KeyedWindowResult} per key and window when the
     * watermark passes the window's end.
     */
    public static <T, K, A, R> ProcessorMetaSupplier windowP(StateConfig state,
                                                             FunctionEx<? super T, ? extends K> keyFn,
                                                             ToLongFunctionEx<? super T> timestampFn,
                                                             SlidingWindowPolicy policy,
                                                             AggregateOperation1<? super T, A, ? extends R> operation) {
        requireNonNull(state, "state cannot be null");
        requireNonNull(keyFn, "keyFn cannot be null");
        requireNonNull(timestampFn, "timestampFn cannot be null");
        requireNonNull(policy, "policy cannot be null");
        requireNonNull(operation, "operation cannot be null");
        return ProcessorMetaSupplier.of(new KeyedStateProcessorSupplier(state,
                (config, factory) -> new KeyedSlidingWindowP<>(config, factory, keyFn, timestampFn, policy, operation,
                        false)));
    }

    /**
     * Event-time session windows per key: a session ends {@code gapMs} after its last item; emits a
     * {@code KeyedWindowResult} per session when the watermark passes its end.
     */
    public static <T, K, A, R> ProcessorMetaSupplier sessionWindowP(StateConfig state,
                                                                    FunctionEx<? super T, ? extends K> keyFn,
                                                                    ToLongFunctionEx<? super T> timestampFn, long gapMs,
                                                                    AggregateOperation1<? super T, A, ? extends R> operation) {
        requireNonNull(state, "state cannot be null");
        requireNonNull(keyFn, "keyFn cannot be null");
        requireNonNull(timestampFn, "timestampFn cannot be null");
        requireNonNull(operation, "operation cannot be null");
        return ProcessorMetaSupplier.of(new KeyedStateProcessorSupplier(state,
                (config, factory) -> new KeyedSessionWindowP<>(config, factory, keyFn, timestampFn, gapMs, operation,
                        false)));
    }
}
