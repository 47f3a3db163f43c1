package io.jetway.state.changelog;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RestoreProgressTest {

    /** Polls that returned nothing add up, in the metric and the log line; the first record is noted once. */
    @Test
    void shouldReportTheTimeOfPollsThatReturnedNothingAndOfTheFirstRecord() {
        RestoreProgress progress = new RestoreProgress();
        progress.start(2, 100);

        progress.polledNothing(1_500_000);
        progress.polledNothing(2_500_000);
        progress.applied(0, 0);

        assertThat(metrics(progress).get("changelog.restore.emptyPollMillis")).isEqualTo(4);
        assertThat(progress.toString()).contains("first record after none yet")
                                       .contains("polls that returned nothing 0.00 s");

        progress.applied(10, 200);
        progress.polledNothing(2_000_000_000L);
        progress.finish();

        assertThat(metrics(progress).get("changelog.restore.emptyPollMillis")).isEqualTo(2_004);
        assertThat(metrics(progress).get("changelog.restore.records")).isEqualTo(10);
        assertThat(progress.toString()).containsPattern("first record after \\d+\\.\\d\\d s")
                                       .contains("polls that returned nothing 2.00 s");
    }

    private static Map<String, Long> metrics(RestoreProgress progress) {
        Map<String, Long> metrics = new HashMap<>();
        progress.collect(metrics::put);
        return metrics;
    }
}
