package io.jetway.internal.snapshot;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CallbackPoolCheckTest {

    @Test
    void shouldWarnWithTheRemedyWhenTheCommonPoolHasOneThread() {
        assertThat(CallbackPoolCheck.warning(1, 2))
                .contains("1 thread (2 available processors)")
                .contains("snapshot phase 1")
                .endsWith("Start the members with -Djava.util.concurrent.ForkJoinPool.common.parallelism=4.");
    }

    @Test
    void shouldNotWarnWhenTheCommonPoolHasMoreThanOneThread() {
        assertThat(CallbackPoolCheck.warning(2, 3)).isNull();
        assertThat(CallbackPoolCheck.warning(7, 8)).isNull();
    }
}
