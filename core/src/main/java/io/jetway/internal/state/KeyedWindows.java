package io.jetway.internal.state;

import com.hazelcast.function.FunctionEx;
import com.hazelcast.function.ToLongFunctionEx;
import com.hazelcast.jet.aggregate.AggregateOperation1;
import com.hazelcast.jet.core.SlidingWindowPolicy;
import com.hazelcast.jet.impl.JetEvent;
import com.hazelcast.jet.pipeline.SessionWindowDefinition;
import com.hazelcast.jet.pipeline.SlidingWindowDefinition;
import com.hazelcast.jet.pipeline.WindowDefinition;

import io.jetway.state.OutputMode;
import io.jetway.state.StateConfig;

import static java.util.Objects.requireNonNull;

/**
 * The one mapping from a Hazelcast {@link WindowDefinition} to the keyed window processor that computes it,
 * shared by the DAG and the Pipeline forms: {@code tumbling} and {@code sliding} to {@link KeyedSlidingWindowP},
 * {@code session} to {@link KeyedSessionWindowP}. Any other definition, or one asking for early results,
 * fails here, when the job is built.
 */
public final class KeyedWindows {

    private KeyedWindows() {
    }

    /** Processors for a DAG vertex: event time from {@code timestampFn}, outputs emitted as they are. */
    public static <T, K, A, R> KeyedStateProcessorSupplier.ProcessorFactory dagProcessors(
            WindowDefinition definition, FunctionEx<? super T, ? extends K> keyFn,
            ToLongFunctionEx<? super T> timestampFn, AggregateOperation1<? super T, A, ? extends R> operation) {
        requireNonNull(timestampFn, "timestampFn cannot be null");
        return processors(definition, keyFn, timestampFn, operation, false);
    }

    /** Processors for a Pipeline stage with timestamps: event time from the input's and outputs in {@link JetEvent}s. */
    public static <T, K, A, R> KeyedStateProcessorSupplier.ProcessorFactory stageProcessors(
            WindowDefinition definition, FunctionEx<? super T, ? extends K> keyFn,
            AggregateOperation1<? super T, A, ? extends R> operation) {
        return processors(definition, keyFn, null, operation, true);
    }

    private static <T, K, A, R> KeyedStateProcessorSupplier.ProcessorFactory processors(
            WindowDefinition definition, FunctionEx<? super T, ? extends K> keyFn,
            ToLongFunctionEx<? super T> timestampFn, AggregateOperation1<? super T, A, ? extends R> operation,
            boolean wrapOutputs) {
        requireNonNull(definition, "definition cannot be null");
        requireNonNull(keyFn, "keyFn cannot be null");
        requireNonNull(operation, "operation cannot be null");
        if (definition.earlyResultsPeriod() > 0) {
            // the processors emit a window once, at the watermark: accepting the setting would silently ignore it
            throw new IllegalArgumentException("Jetway's keyed windows emit no early results, but the window "
                    + "definition asks for them every " + definition.earlyResultsPeriod() + " ms; remove "
                    + "setEarlyResultsPeriod(...)");
        }
        if (definition instanceof SlidingWindowDefinition sliding) {
            SlidingWindowPolicy policy = SlidingWindowPolicy.slidingWinPolicy(sliding.windowSize(), sliding.slideBy());
            return (config, factory) -> new KeyedSlidingWindowP<>(config, factory, keyFn, timestampFn, policy,
                    operation, wrapOutputs);
        }
        if (definition instanceof SessionWindowDefinition session) {
            long gapMs = session.sessionTimeout();
            return (config, factory) -> new KeyedSessionWindowP<>(config, factory, keyFn, timestampFn, gapMs,
                    operation, wrapOutputs);
        }
        throw new IllegalArgumentException("Unsupported window definition " + definition.getClass().getName()
                + ": Jetway's keyed windows take WindowDefinition.tumbling(...), sliding(...) or session(...)");
    }

    /** Windows emit once per key and window: {@code OutputMode.NEWEST_PER_SNAPSHOT} has nothing to save there. */
    public static void requireEveryUpdate(StateConfig config) {
        if (config.outputMode() != OutputMode.EVERY_UPDATE) {
            throw new IllegalArgumentException("Window stages emit one result per key and window; "
                    + config.outputMode() + " applies to mapStateful only");
        }
    }
}
