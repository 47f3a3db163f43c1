package io.jetway.benchmarks.e2e;

import io.jetway.benchmarks.report.Stats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every end-to-end value by measurement name ({@code <variant>.<metric>}) and run index, with the reasons
 * for what failed; ratios are taken run by run, so that drift between runs cancels out.
 */
final class RunLog {

    private record Series(String unit, Double[] runs) {
    }

    private final int runs;
    private final Map<String, Series> values = new LinkedHashMap<>();
    private final Map<String, String> failures = new LinkedHashMap<>();

    RunLog(int runs) {
        this.runs = runs;
    }

    void put(String name, String unit, int run, double value) {
        values.computeIfAbsent(name, n -> new Series(unit, new Double[runs])).runs()[run] = value;
    }

    /** Records why {@code variant} has no value in {@code run}. */
    void fail(String variant, int run, String reason) {
        failures.put(variant + " (run " + (run + 1) + ")", reason);
    }

    /** The reason a variant failed in some run, or {@code null}. */
    String failureOf(String variant) {
        for (Map.Entry<String, String> e : failures.entrySet()) {
            if (e.getKey().startsWith(variant + " (run ")) {
                return e.getValue();
            }
        }
        return null;
    }

    Map<String, String> failures() {
        return failures;
    }

    /** The statistics of a measurement over the runs that have it; {@code null} when none has. */
    Stats stats(String name) {
        Series s = values.get(name);
        if (s == null) {
            return null;
        }
        List<Double> present = new ArrayList<>();
        for (Double v : s.runs()) {
            if (v != null) {
                present.add(v);
            }
        }
        return present.isEmpty() ? null : Stats.of(name, s.unit(), unbox(present));
    }

    /** {@code numerator / denominator} per run where both exist; {@code null} when no run has both. */
    Stats ratio(String name, String numerator, String denominator) {
        Series n = values.get(numerator);
        Series d = values.get(denominator);
        if (n == null || d == null) {
            return null;
        }
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            if (n.runs()[i] != null && d.runs()[i] != null && d.runs()[i] != 0) {
                ratios.add(n.runs()[i] / d.runs()[i]);
            }
        }
        return ratios.isEmpty() ? null : Stats.of(name, "ratio", unbox(ratios));
    }

    /** Every measurement with at least one value, in the order first seen. */
    List<Stats> all() {
        List<Stats> all = new ArrayList<>();
        for (String name : values.keySet()) {
            Stats s = stats(name);
            if (s != null) {
                all.add(s);
            }
        }
        return all;
    }

    private static double[] unbox(List<Double> values) {
        double[] a = new double[values.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = values.get(i);
        }
        return a;
    }
}
