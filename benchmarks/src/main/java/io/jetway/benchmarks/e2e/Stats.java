package io.jetway.benchmarks.e2e;

import java.util.Arrays;

/** Median, minimum and maximum of repeated measurements. */
record Stats(String name, String unit, double median, double min, double max, double[] runs) {

    static Stats of(String name, String unit, double[] runs) {
        double[] sorted = runs.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Stats(name, unit, median, sorted[0], sorted[n - 1], runs.clone());
    }

    /** (max - min) / median, the spread the README quotes beside a ratio. */
    double spread() {
        return (max - min) / median;
    }
}
