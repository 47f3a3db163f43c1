package io.jetway.internal.state;

import com.hazelcast.jet.config.ProcessingGuarantee;
import io.jetway.state.OutputMode;
import io.jetway.state.StateConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class HeldOutputsTest {

    private static final StateConfig NEWEST = StateConfig.heap().outputMode(OutputMode.NEWEST_PER_SNAPSHOT);

    @Test
    void shouldHoldNothingWhenEveryUpdateIsEmitted() {
        assertThat(HeldOutputs.of(StateConfig.heap())).isNull();
    }

    @Test
    void shouldReleaseEachKeysNewestOutputInTheOrderTheKeysFirstChanged() {
        HeldOutputs held = HeldOutputs.of(NEWEST);
        held.init(ProcessingGuarantee.EXACTLY_ONCE, 0);
        held.hold("a", "a=1");
        held.hold("b", "b=1");
        held.hold("a", "a=2");
        List<Object> released = new ArrayList<>(List.of("queued"));
        held.releaseTo(released, 1);
        assertThat(released).containsExactly("queued", "a=2", "b=1");

        released.clear();
        held.releaseTo(released, 2);
        assertThat(released).as("a second release without new outputs").isEmpty();
    }

    @Test
    void shouldKeepTheOrderOfOutputsOfKeysThatAreOnlyEqualToThemselves() {
        HeldOutputs held = HeldOutputs.of(NEWEST);
        held.init(ProcessingGuarantee.EXACTLY_ONCE, 0);
        held.hold(new Object(), "first");
        held.hold(new Object(), "second");
        List<Object> released = new ArrayList<>();
        held.releaseTo(released, 1);
        assertThat(released).containsExactly("first", "second");
    }

    @Test
    void shouldBeDueEverySecondOnlyInAJobWithoutSnapshots() {
        long second = TimeUnit.SECONDS.toNanos(1);
        HeldOutputs withSnapshots = HeldOutputs.of(NEWEST);
        withSnapshots.init(ProcessingGuarantee.EXACTLY_ONCE, 0);
        withSnapshots.hold("a", "a=1");
        assertThat(withSnapshots.releaseDue(100 * second)).isFalse();

        HeldOutputs withoutSnapshots = HeldOutputs.of(NEWEST);
        withoutSnapshots.init(ProcessingGuarantee.NONE, 0);
        assertThat(withoutSnapshots.releaseDue(2 * second)).as("nothing held").isFalse();
        withoutSnapshots.hold("a", "a=1");
        assertThat(withoutSnapshots.releaseDue(second - 1)).isFalse();
        assertThat(withoutSnapshots.releaseDue(second)).isTrue();
        withoutSnapshots.releaseTo(new ArrayList<>(), second);
        withoutSnapshots.hold("a", "a=2");
        assertThat(withoutSnapshots.releaseDue(2 * second - 1)).isFalse();
        assertThat(withoutSnapshots.releaseDue(2 * second)).isTrue();
    }
}
