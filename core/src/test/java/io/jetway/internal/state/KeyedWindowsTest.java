package io.jetway.internal.state;

import com.hazelcast.function.FunctionEx;
import com.hazelcast.function.ToLongFunctionEx;
import com.hazelcast.jet.aggregate.AggregateOperations;
import com.hazelcast.jet.pipeline.WindowDefinition;
import io.jetway.JetwayState;
import io.jetway.state.HeapStateBackendFactory;
import io.jetway.state.StateConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which processor each Hazelcast window definition becomes, in the DAG and the Pipeline form alike, and the
 * definitions refused when the job is built. What the processors emit is {@link KeyedWindowProcessorsTest}'s.
 */
class KeyedWindowsTest {

    private final FunctionEx<Map.Entry<String, Long>, String> keyFn = Map.Entry::getKey;
    private final ToLongFunctionEx<Map.Entry<String, Long>> timestampFn = Map.Entry::getValue;

    @Test
    void shouldComputeTumblingAndSlidingWindowsFromFramesAndSessionsApart() {
        assertThat(dagProcessor(WindowDefinition.tumbling(10))).isInstanceOf(KeyedSlidingWindowP.class);
        assertThat(dagProcessor(WindowDefinition.sliding(20, 10))).isInstanceOf(KeyedSlidingWindowP.class);
        assertThat(dagProcessor(WindowDefinition.session(10))).isInstanceOf(KeyedSessionWindowP.class);
        assertThat(stageProcessor(WindowDefinition.tumbling(10))).isInstanceOf(KeyedSlidingWindowP.class);
        assertThat(stageProcessor(WindowDefinition.session(10))).isInstanceOf(KeyedSessionWindowP.class);
    }

    @Test
    void shouldRefuseADefinitionItDoesNotKnow() {
        WindowDefinition custom = new WindowDefinition() {
        };

        assertThatThrownBy(() -> JetwayState.windowP(StateConfig.heap(), keyFn, timestampFn, custom,
                AggregateOperations.counting()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unsupported window definition " + custom.getClass().getName())
                .hasMessageContaining("tumbling(...), sliding(...) or session(...)");
        assertThatThrownBy(() -> KeyedWindows.stageProcessors(custom, keyFn, AggregateOperations.counting()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unsupported window definition");
    }

    @Test
    void shouldRefuseEarlyResultsRatherThanIgnoreThem() {
        assertThatThrownBy(() -> JetwayState.windowP(StateConfig.heap(), keyFn, timestampFn,
                WindowDefinition.tumbling(1_000).setEarlyResultsPeriod(100), AggregateOperations.counting()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("every 100 ms")
                .hasMessageContaining("setEarlyResultsPeriod");
    }

    @Test
    void shouldNeedATimestampFunctionInADag() {
        assertThatThrownBy(() -> JetwayState.windowP(StateConfig.heap(), keyFn, null, WindowDefinition.tumbling(10),
                AggregateOperations.counting()))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("timestampFn cannot be null");
    }

    private Object dagProcessor(WindowDefinition definition) {
        return KeyedWindows.dagProcessors(definition, keyFn, timestampFn, AggregateOperations.counting())
                .create(StateConfig.heap(), new HeapStateBackendFactory());
    }

    private Object stageProcessor(WindowDefinition definition) {
        return KeyedWindows.stageProcessors(definition, keyFn, AggregateOperations.counting())
                .create(StateConfig.heap(), new HeapStateBackendFactory());
    }
}
