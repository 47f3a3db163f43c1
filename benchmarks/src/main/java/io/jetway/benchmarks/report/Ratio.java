package io.jetway.benchmarks.report;

/**
 * A figure the README cites, usually a ratio of two measurements taken in the same runs (one value per run,
 * so that drift between runs cancels out), with its target from DESIGN.md when it has one, or the reason it
 * was not measured.
 *
 * @param stats       the values per run; {@code null} when not measured
 * @param target      the target as text, e.g. {@code ">= 0.95"}; {@code null} when there is none
 * @param notMeasured why there is no value; {@code null} when measured
 */
public record Ratio(String name, String description, Stats stats, String target, String notMeasured) {

    /** A measured figure; {@code target} like {@code ">= 0.95"} or {@code "<= 1"}, or {@code null}. */
    public static Ratio measured(String name, String description, Stats stats, String target) {
        return new Ratio(name, description, stats, target, null);
    }

    /** A figure that could not be measured in this run, and why. */
    public static Ratio notMeasured(String name, String description, String target, String reason) {
        return new Ratio(name, description, null, target, reason);
    }

    /** Whether the median meets the target; {@code null} without a target or a value. */
    public Boolean met() {
        if (stats == null || target == null) {
            return null;
        }
        String t = target.trim();
        double bound = Double.parseDouble(t.substring(2).trim());
        if (t.startsWith(">=")) {
            return stats.median() >= bound;
        }
        if (t.startsWith("<=")) {
            return stats.median() <= bound;
        }
        throw new IllegalStateException("target must start with >= or <=: " + target);
    }
}
