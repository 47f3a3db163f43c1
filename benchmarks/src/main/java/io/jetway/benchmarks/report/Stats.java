package io.jetway.benchmarks.report;

import java.util.Arrays;

/**
 * Repeated measurements of one quantity: median, minimum, maximum and every run, in run order.
 *
 * @param name stable name used in the results file, e.g. {@code bare-consumer.records_per_s}
 * @param unit e.g. {@code records/s}, {@code ms}, {@code ns/op}, {@code B/op}
 */
public record Stats(String name, String unit, double median, double min, double max, double[] runs) {

    /** Statistics of {@code runs} (at least one value). */
    public static Stats of(String name, String unit, double[] runs) {
        if (runs.length == 0) {
            throw new IllegalArgumentException(name + ": no runs");
        }
        double[] sorted = runs.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Stats(name, unit, median, sorted[0], sorted[n - 1], runs.clone());
    }

    /** {@code (max - min) / median}: the spread quoted beside a figure. */
    public double spread() {
        return median == 0 ? 0 : (max - min) / Math.abs(median);
    }
}
