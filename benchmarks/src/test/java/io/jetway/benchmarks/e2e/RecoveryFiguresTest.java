package io.jetway.benchmarks.e2e;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@link RecoveryFigures} on a made-up output: 1,000 events/s, output 100 ms behind until a kill at 10 s, nothing
 * until 14 s, then the backlog at 3× the input rate until it is 100 ms behind again (at 16 s; the slowest of the
 * 4 partitions 3 ms later).
 */
class RecoveryFiguresTest {

    private static final long MS = 1_000_000;

    @Test
    void shouldTimeResumeAndCatchUpFromTheKill() {
        int events = 20_000;
        long[] arrival = new long[events];
        for (int seq = 0; seq < events; seq++) {
            long intended = seq * MS;
            arrival[seq] = intended < 9_900 * MS ? intended + 100 * MS
                    : Math.max(intended + 100 * MS, 14_000 * MS + (intended - 9_900 * MS) / 3);
        }
        Integer[] order = IntStream.range(0, events).boxed().sorted(Comparator.comparingLong(i -> arrival[i]))
                                   .toArray(Integer[]::new);
        RecoveryFollower.Output out = new RecoveryFollower.Output(
                Arrays.stream(order).mapToLong(i -> arrival[i]).toArray(),
                Arrays.stream(order).mapToLong(i -> i).toArray(), partitions(order), events, 0);

        Map<String, Double> figures = RecoveryFigures.of(out, seq -> seq * MS, 10_000 * MS, 10_000, 5_000 * MS)
                .stream().collect(Collectors.toMap(Measurement.Metric::name, Measurement.Metric::value));

        assertThat(figures.get("pre_failure_lag_p99_ms")).isCloseTo(100, within(0.1));
        assertThat(figures.get("resume_ms")).isCloseTo(4_034, within(1.0));
        assertThat(figures.get("caught_up_ms")).isCloseTo(6_003, within(1.0));
        assertThat(figures.get("output_gap_ms")).isCloseTo(4_000, within(1.0));
        assertThat(figures.keySet()).containsAll(List.of("catch_up_after_resume_ms", "pre_failure_lag_p50_ms"));
    }

    private static byte[] partitions(Integer[] order) {
        byte[] p = new byte[order.length];
        for (int i = 0; i < order.length; i++) {
            p[i] = (byte) (order[i] % CountOutput.PARTITIONS);
        }
        return p;
    }
}
