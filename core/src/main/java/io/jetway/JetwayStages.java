package io.jetway;

import com.hazelcast.function.FunctionEx;
import com.hazelcast.jet.aggregate.AggregateOperation1;
import com.hazelcast.jet.core.ProcessorMetaSupplier;
import com.hazelcast.jet.core.SlidingWindowPolicy;
import com.hazelcast.jet.datamodel.KeyedWindowResult;
import com.hazelcast.jet.pipeline.SessionWindowDefinition;
import com.hazelcast.jet.pipeline.SlidingWindowDefinition;
import com.hazelcast.jet.pipeline.StreamStage;
import com.hazelcast.jet.pipeline.StreamStageWithKey;
import com.hazelcast.jet.pipeline.WindowDefinition;
import io.jetway.internal.state.KeyedSessionWindowP;
import io.jetway.internal.state.KeyedSlidingWindowP;
import io.jetway.internal.state.KeyedStateProcessorSupplier;
import io.jetway.internal.state.KeyedStatefulP;
import io.jetway.state.StateConfig;
import io.jetway.state.StatefulFunction;

import static java.util.Objects.requireNonNull;

/**
 * Pipeline API adapters of Jetway's keyed stateful processors, whose state lives in the backend named in
 * a {@link StateConfig}:
 * <pre>{@code
 * StreamStage<Map.Entry<String, Long>> counts = JetwayStages.mapStateful(
 *         events.groupingKey(Event::account), StateConfig.backend("kafka-changelog"), StatefulFunctions.count());
 * StreamStage<KeyedWindowResult<String, Long>> perMinute = JetwayStages.window(
 *         events.groupingKey(Event::account), StateConfig.heap(), WindowDefinition.tumbling(60_000), counting());
 * }</pre>
 */
public final class JetwayStages {

    private JetwayStages() {
    }

    /** Applies {@code function} to each item with the state of its key; timestamps of the input are kept. */
    public static <T, K, S, R> StreamStage<R> mapStateful(StreamStageWithKey<T, K> keyed, StateConfig state,
                                                          StatefulFunction<K, S, T, R> function) {
        requireNonNull(keyed, "keyed cannot be null");
        requireNonNull(state, "state cannot be null");
        requireNonNull(function, "function cannot be null");
        FunctionEx<? super T, ? extends K> keyFn = keyed.keyFn();
        return keyed.customTransform("jetway-stateful(" + state.backendName() + ")",
                ProcessorMetaSupplier.of(new KeyedStateProcessorSupplier(state,
                        (config, factory) -> new KeyedStatefulP<>(config, factory, keyFn, function))));
    }

    /**
     * Event-time windows per key on a stage with timestamps: {@code WindowDefinition.tumbling(...)},
     * {@code sliding(...)} or {@code session(...)}. Emits a {@link KeyedWindowResult} per key and window (or
     * session) once the watermark passes its end; late items are dropped.
     */
    public static <T, K, A, R> StreamStage<KeyedWindowResult<K, R>> window(
            StreamStageWithKey<T, K> keyed, StateConfig state, WindowDefinition definition,
            AggregateOperation1<? super T, A, ? extends R> operation) {
        requireNonNull(keyed, "keyed cannot be null");
        requireNonNull(state, "state cannot be null");
        requireNonNull(definition, "definition cannot be null");
        requireNonNull(operation, "operation cannot be null");
        FunctionEx<? super T, ? extends K> keyFn = keyed.keyFn();
        KeyedStateProcessorSupplier.ProcessorFactory processors;
        if (definition instanceof SlidingWindowDefinition sliding) {
            SlidingWindowPolicy policy = SlidingWindowPolicy.slidingWinPolicy(sliding.windowSize(), sliding.slideBy());
            processors = (config, factory) -> new KeyedSlidingWindowP<>(config, factory, keyFn, null, policy, operation,
                    true);
        } else if (definition instanceof SessionWindowDefinition session) {
            long gap = session.sessionTimeout();
            processors = (config, factory) -> new KeyedSessionWindowP<>(config, factory, keyFn, null, gap, operation,
                    true);
        } else {
            throw new IllegalArgumentException("Unsupported window definition " + definition.getClass().getSimpleName());
        }
        return keyed.customTransform("jetway-window(" + state.backendName() + ")",
                ProcessorMetaSupplier.of(new KeyedStateProcessorSupplier(state, processors)));
    }
}
