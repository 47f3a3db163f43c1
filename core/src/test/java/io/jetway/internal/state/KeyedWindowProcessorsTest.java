package io.jetway.internal.state;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.aggregate.AggregateOperations;
import com.hazelcast.jet.core.Watermark;
import com.hazelcast.jet.core.test.TestSupport;
import com.hazelcast.jet.datamodel.KeyedWindowResult;
import com.hazelcast.jet.pipeline.WindowDefinition;
import io.jetway.JetwayState;
import io.jetway.state.StateConfig;
import io.jetway.testing.HazelcastClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static java.util.Arrays.asList;

/**
 * The windowing processors alone, driven by Jet's {@link TestSupport} on a real member: a one-slot outbox,
 * and a snapshot plus a restore into a fresh processor (whose due-index is rebuilt from the state) between
 * every two input items. Items are {@code (key, timestamp)} entries.
 */
class KeyedWindowProcessorsTest {

    @RegisterExtension
    static final HazelcastClusterExtension HZ = HazelcastClusterExtension.of(1);

    private static Map.Entry<String, Long> e(String key, long ts) {
        return Map.entry(key, ts);
    }

    @Test
    void shouldEmitTumblingWindowsPerKeyAtTheWatermark() {
        HazelcastInstance member = HZ.cluster().member(0);
        TestSupport.verifyProcessor(JetwayState.windowP(StateConfig.heap(), Map.Entry<String, Long>::getKey,
                        Map.Entry<String, Long>::getValue, WindowDefinition.tumbling(10),
                        AggregateOperations.counting()))
                   .hazelcastInstance(member)
                   .input(asList(e("a", 1), e("a", 5), e("b", 7), e("a", 12), new Watermark(10), e("b", 15),
                           e("a", 3), new Watermark(30)))
                   .expectOutput(asList(
                           new KeyedWindowResult<>(0, 10, "a", 2L), new KeyedWindowResult<>(0, 10, "b", 1L),
                           new Watermark(10),
                           new KeyedWindowResult<>(10, 20, "a", 1L), new KeyedWindowResult<>(10, 20, "b", 1L),
                           new Watermark(30)));
    }

    @Test
    void shouldEmitSlidingWindowsFromSharedFrames() {
        HazelcastInstance member = HZ.cluster().member(0);
        TestSupport.verifyProcessor(JetwayState.windowP(StateConfig.heap(), Map.Entry<String, Long>::getKey,
                        Map.Entry<String, Long>::getValue, WindowDefinition.sliding(20, 10),
                        AggregateOperations.counting()))
                   .hazelcastInstance(member)
                   .input(asList(e("k", 1), e("k", 11), e("k", 12), new Watermark(40)))
                   .expectOutput(asList(
                           new KeyedWindowResult<>(-10, 10, "k", 1L),
                           new KeyedWindowResult<>(0, 20, "k", 3L),
                           new KeyedWindowResult<>(10, 30, "k", 2L),
                           new Watermark(40)));
    }

    @Test
    void shouldMergeSessionsAndEmitThemWhenTheyEnd() {
        HazelcastInstance member = HZ.cluster().member(0);
        TestSupport.verifyProcessor(JetwayState.windowP(StateConfig.heap(), Map.Entry<String, Long>::getKey,
                        Map.Entry<String, Long>::getValue, WindowDefinition.session(10),
                        AggregateOperations.counting()))
                   .hazelcastInstance(member)
                   .input(asList(e("a", 1), e("a", 30), e("a", 15), e("b", 2), new Watermark(20), e("a", 22),
                           new Watermark(100)))
                   // a: [1,11) and [15,25) and [30,40) stay apart until 22 bridges the last two into [15,40)
                   .expectOutput(asList(
                           new KeyedWindowResult<>(1, 11, "a", 1L),
                           new KeyedWindowResult<>(2, 12, "b", 1L),
                           new Watermark(20),
                           new KeyedWindowResult<>(15, 40, "a", 3L),
                           new Watermark(100)));
    }

    @Test
    void shouldDropLateItems() {
        HazelcastInstance member = HZ.cluster().member(0);
        TestSupport.verifyProcessor(JetwayState.windowP(StateConfig.heap(), Map.Entry<String, Long>::getKey,
                        Map.Entry<String, Long>::getValue, WindowDefinition.tumbling(10),
                        AggregateOperations.counting()))
                   .hazelcastInstance(member)
                   .input(asList(e("a", 1), new Watermark(10), e("a", 2), e("a", 11), new Watermark(20)))
                   .expectOutput(asList(new KeyedWindowResult<>(0, 10, "a", 1L), new Watermark(10),
                           new KeyedWindowResult<>(10, 20, "a", 1L), new Watermark(20)));
    }
}
