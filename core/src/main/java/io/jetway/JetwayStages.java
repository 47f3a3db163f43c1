package io.jetway;

import com.hazelcast.jet.pipeline.StreamStage;
import com.hazelcast.jet.pipeline.StreamStageWithKey;
import io.jetway.internal.state.KeyedStatefulProcessorSupplier;
import io.jetway.state.StateConfig;
import io.jetway.state.StatefulFunction;

import static java.util.Objects.requireNonNull;

/**
 * Pipeline API adapters of Jetway's keyed stateful processors:
 * <pre>{@code
 * StreamStage<Map.Entry<String, Long>> counts = JetwayStages.mapStateful(
 *         events.groupingKey(Event::account), StateConfig.backend("kafka-changelog"), StatefulFunctions.count());
 * }</pre>
 * Timestamps of the input stage are kept on the outputs.
 */
public final class JetwayStages {

    private JetwayStages() {
    }

    /** Applies {@code function} to each item with the state of its key, kept in the backend named in {@code state}. */
    public static <T, K, S, R> StreamStage<R> mapStateful(StreamStageWithKey<T, K> keyed, StateConfig state,
                                                          StatefulFunction<K, S, T, R> function) {
        requireNonNull(keyed, "keyed cannot be null");
        requireNonNull(state, "state cannot be null");
        requireNonNull(function, "function cannot be null");
        return keyed.customTransform("jetway-stateful(" + state.backendName() + ")",
                com.hazelcast.jet.core.ProcessorMetaSupplier.of(
                        new KeyedStatefulProcessorSupplier<>(state, keyed.keyFn(), function)));
    }
}
