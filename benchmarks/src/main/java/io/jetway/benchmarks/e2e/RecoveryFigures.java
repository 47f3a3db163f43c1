package io.jetway.benchmarks.e2e;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongUnaryOperator;

/**
 * The recovery figures of one kill, from what a {@code read_committed} reader of the output got
 * ({@link RecoveryFollower.Output}); every time is {@code System.nanoTime()} of this JVM. A record's
 * <em>lag</em> is the time from its input event's due send time until the reader got its count.
 * <ul>
 *     <li>{@code resume_ms}: from the kill until every output partition has delivered a count of an input event
 *     produced after the kill (the slowest partition; engines that keep the survivors' partitions running, such
 *     as Kafka Streams, are judged by the partitions that stopped);</li>
 *     <li>{@code caught_up_ms}: from the kill until every output partition has delivered a count of an input
 *     event produced after the kill whose lag is at most the pre-failure p99 lag (the output is back to its
 *     pre-failure lag: it processes what is being produced as it did before);</li>
 *     <li>{@code catch_up_after_resume_ms}: the difference of the two;</li>
 *     <li>{@code output_gap_ms}: the longest time from the kill on in which the reader got nothing at all;</li>
 *     <li>{@code pre_failure_lag_p50_ms}, {@code pre_failure_lag_p99_ms}: the lag of the records the reader got
 *     in the {@code steadySeconds} before the kill.</li>
 * </ul>
 */
final class RecoveryFigures {

    private RecoveryFigures() {
    }

    /**
     * @param intendedNs  when input event {@code seq} was due
     * @param killSeq     the first input event due at or after the kill
     * @param steadyFromNs the start of the pre-failure window
     */
    static List<Measurement.Metric> of(RecoveryFollower.Output out, LongUnaryOperator intendedNs, long killNs,
                                       long killSeq, long steadyFromNs) {
        long[] arrival = out.arrivalNs();
        long[] seq = out.inputSeq();
        long[] steadyLags = new long[arrival.length];
        int steady = 0;
        for (int i = 0; i < arrival.length; i++) {
            if (arrival[i] >= steadyFromNs && arrival[i] < killNs) {
                steadyLags[steady++] = arrival[i] - intendedNs.applyAsLong(seq[i]);
            }
        }
        if (steady == 0) {
            throw new IllegalStateException("no output in the pre-failure window: the count never reached steady "
                    + "state");
        }
        long[] lags = Arrays.copyOf(steadyLags, steady);
        Arrays.sort(lags);
        long p50 = lags[(int) (0.50 * (steady - 1))];
        long p99 = lags[(int) (0.99 * (steady - 1))];
        long[] resumed = new long[CountOutput.PARTITIONS];
        long[] caughtUp = new long[CountOutput.PARTITIONS];
        long gap = 0;
        long previous = killNs;
        for (int i = 0; i < arrival.length; i++) {
            if (arrival[i] < killNs) {
                continue;
            }
            gap = Math.max(gap, arrival[i] - previous);
            previous = arrival[i];
            int p = out.partition()[i];
            if (seq[i] >= killSeq) {
                if (resumed[p] == 0) {
                    resumed[p] = arrival[i];
                }
                if (caughtUp[p] == 0 && arrival[i] - intendedNs.applyAsLong(seq[i]) <= p99) {
                    caughtUp[p] = arrival[i];
                }
            }
        }
        List<Measurement.Metric> metrics = new ArrayList<>();
        long resumedNs = slowest(resumed, "no count of an input event produced after the kill");
        long caughtUpNs = slowest(caughtUp, "not back to the pre-failure p99 lag of " + p99 / 1_000_000
                + " ms before the input ended; raise --latency-seconds");
        metrics.add(metric("resume_ms", resumedNs, killNs));
        metrics.add(metric("caught_up_ms", caughtUpNs, killNs));
        metrics.add(metric("catch_up_after_resume_ms", caughtUpNs, resumedNs));
        metrics.add(new Measurement.Metric("output_gap_ms", "ms", gap / 1e6));
        metrics.add(new Measurement.Metric("pre_failure_lag_p50_ms", "ms", p50 / 1e6));
        metrics.add(new Measurement.Metric("pre_failure_lag_p99_ms", "ms", p99 / 1e6));
        return metrics;
    }

    private static long slowest(long[] perPartition, String missing) {
        long latest = 0;
        for (int p = 0; p < perPartition.length; p++) {
            if (perPartition[p] == 0) {
                throw new IllegalStateException("output partition " + p + ": " + missing);
            }
            latest = Math.max(latest, perPartition[p]);
        }
        return latest;
    }

    private static Measurement.Metric metric(String name, long atNs, long fromNs) {
        return new Measurement.Metric(name, "ms", (atNs - fromNs) / 1e6);
    }
}
