package io.jetway.benchmarks.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one run of a variant measured: how many records it read and their checksum (the driver checks both
 * against the input), and named metrics such as throughput, snapshot duration or latency percentiles.
 * A variant's JVM prints it as {@code METRIC} lines followed by one {@code RESULT} line.
 */
record Measurement(String variant, long records, long checksum, List<Metric> metrics) {

    /** One measured quantity; names and units contain no spaces. */
    record Metric(String name, String unit, double value) {
    }

    Measurement {
        metrics = List.copyOf(metrics);
    }

    /** A measurement with a single metric. */
    static Measurement of(String variant, long records, long checksum, String metric, String unit, double value) {
        return new Measurement(variant, records, checksum, List.of(new Metric(metric, unit, value)));
    }

    /** A throughput measurement: records per second between the first and the last record. */
    static Measurement throughput(String variant, long records, long checksum, long firstNs, long lastNs) {
        return of(variant, records, checksum, "throughput", "records/s", (records - 1) * 1e9 / (lastNs - firstNs));
    }

    /** The lines the variant's JVM prints for the driver. */
    List<String> toLines() {
        List<String> lines = new ArrayList<>();
        for (Metric m : metrics) {
            lines.add(String.format(Locale.ROOT, "METRIC %s %s %s", m.name(), m.unit(), Double.toString(m.value())));
        }
        lines.add("RESULT " + variant + " " + records + " " + checksum);
        return lines;
    }

    /** Parses what {@link #toLines()} printed, ignoring every other line; {@code null} without a RESULT line. */
    static Measurement parse(List<String> lines) {
        List<Metric> metrics = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.trim().split(" ");
            if (f.length == 4 && f[0].equals("METRIC")) {
                metrics.add(new Metric(f[1], f[2], Double.parseDouble(f[3])));
            } else if (f.length == 4 && f[0].equals("RESULT")) {
                return new Measurement(f[1], Long.parseLong(f[2]), Long.parseLong(f[3]), metrics);
            }
        }
        return null;
    }
}
