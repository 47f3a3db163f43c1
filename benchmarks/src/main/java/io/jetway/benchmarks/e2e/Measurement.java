package io.jetway.benchmarks.e2e;

/**
 * One timed read of the input topic: how many records arrived, a checksum of their values (to prove
 * every variant read the same data) and the rate between the first and the last record.
 */
record Measurement(String variant, long records, long checksum, double recordsPerSecond) {

    /** The line a variant's JVM prints for the driver. */
    String toLine() {
        return "RESULT " + variant + " " + records + " " + checksum + " " + recordsPerSecond;
    }

    /** Parses {@link #toLine()}; {@code null} for any other line. */
    static Measurement fromLine(String line) {
        if (!line.startsWith("RESULT ")) {
            return null;
        }
        String[] f = line.split(" ");
        return new Measurement(f[1], Long.parseLong(f[2]), Long.parseLong(f[3]), Double.parseDouble(f[4]));
    }
}
