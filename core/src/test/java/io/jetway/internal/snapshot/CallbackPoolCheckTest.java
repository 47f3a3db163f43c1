package io.jetway.internal.snapshot;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CallbackPoolCheckTest {

    @Test
    void shouldSayWhatItDidAndHowToUndoItWhenItGaveTheCallbacksAPool() {
        assertThat(CallbackPoolCheck.installed(1, 2))
                .contains("1 thread (2 available processors)")
                .contains("snapshot phase 1")
                .contains("a pool of 4 threads (as -Djava.util.concurrent.ForkJoinPool.common.parallelism=4 would)")
                .endsWith("Set -Djetway.hazelcast.callbackPool=off to keep Hazelcast's default.");
    }

    @Test
    void shouldWarnWithTheRemedyWhenItLeftHazelcastsExecutorAlone() {
        assertThat(CallbackPoolCheck.warning(1, 2, false))
                .contains("1 thread (2 available processors)")
                .contains("snapshot phase 1")
                .doesNotContain("replaced already")
                .endsWith("Start the members with -Djava.util.concurrent.ForkJoinPool.common.parallelism=4.");
        assertThat(CallbackPoolCheck.warning(1, 2, true))
                .contains("Jetway left Hazelcast's executor alone: it was replaced already")
                .endsWith("Start the members with -Djava.util.concurrent.ForkJoinPool.common.parallelism=4.");
    }
}
