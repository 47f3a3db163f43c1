package io.jetway.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/** Writes {@link Results} as {@code latest.md}: the figures and targets, the series by key count, every measurement. */
public final class ResultsMarkdown {

    private ResultsMarkdown() {
    }

    /** Writes {@code results} to {@code file}, creating its directory. */
    public static void write(Results results, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, toMarkdown(results));
    }

    /** The markdown text of {@code results}. */
    public static String toMarkdown(Results r) {
        StringBuilder m = new StringBuilder(16_384);
        m.append("# Jetway benchmark results\n\n");
        m.append("Generated ").append(r.generated()).append(" on ").append(machine(r.machine())).append(".  \n");
        m.append("Settings: ").append(settings(r.settings())).append(".  \n");
        m.append("Regenerate with `").append(r.command()).append("`.\n\n");
        m.append("Medians of the runs; \"min–max\" is the spread over the runs. Ratios are computed run by run "
                + "(variants interleaved), then summarised.\n\n");

        m.append("## Figures and targets\n\n| figure | median | min–max | target | met |\n|---|---:|---:|---:|:---:|\n");
        for (Ratio ratio : r.ratios()) {
            m.append("| `").append(ratio.name()).append("`<br>").append(ratio.description()).append(" | ");
            if (ratio.stats() != null) {
                Stats s = ratio.stats();
                m.append(fmt(s.median())).append(" | ").append(fmt(s.min())).append("–").append(fmt(s.max()));
            } else {
                m.append("not measured: ").append(ratio.notMeasured()).append(" | ");
            }
            m.append(" | ").append(ratio.target() == null ? "" : ratio.target().replace(">=", "≥").replace("<=", "≤"))
             .append(" | ").append(ratio.met() == null ? "" : ratio.met() ? "yes" : "**no**").append(" |\n");
        }

        if (!r.series().isEmpty()) {
            SortedSet<Long> keys = new TreeSet<>();
            for (Series s : r.series()) {
                keys.addAll(s.byKeys().keySet());
                keys.addAll(s.notMeasured().keySet());
            }
            m.append("\n## By state size (keys)\n\n| keys |");
            for (Series s : r.series()) {
                m.append(' ').append(s.name()).append(" (").append(s.unit()).append(") |");
            }
            m.append("\n|---:|");
            m.append("---:|".repeat(r.series().size())).append('\n');
            for (long k : keys) {
                m.append("| ").append(String.format(Locale.ROOT, "%,d", k)).append(" |");
                for (Series s : r.series()) {
                    Stats st = s.byKeys().get(k);
                    String reason = s.notMeasured().get(k);
                    m.append(' ').append(st != null ? fmt(st.median()) + " (" + fmt(st.min()) + "–" + fmt(st.max()) + ")"
                            : reason != null ? "not measured: " + reason : "").append(" |");
                }
                m.append('\n');
            }
        }

        m.append("\n## End-to-end measurements\n\n");
        table(m, r, false);
        m.append("\n## JMH (`-prof gc`)\n\n");
        table(m, r, true);

        if (!r.notMeasured().isEmpty()) {
            m.append("\n## Not measured\n\n");
            for (Map.Entry<String, String> e : r.notMeasured().entrySet()) {
                m.append("- `").append(e.getKey()).append("`: ").append(e.getValue()).append('\n');
            }
        }
        return m.toString();
    }

    private static void table(StringBuilder m, Results r, boolean jmh) {
        m.append("| measurement | unit | median | min | max | spread | runs |\n|---|---|---:|---:|---:|---:|---:|\n");
        for (Stats s : r.measurements()) {
            if (s.name().startsWith("jmh.") != jmh) {
                continue;
            }
            m.append("| `").append(s.name()).append("` | ").append(s.unit()).append(" | ").append(fmt(s.median()))
             .append(" | ").append(fmt(s.min())).append(" | ").append(fmt(s.max())).append(" | ")
             .append(String.format(Locale.ROOT, "%.0f %%", 100 * s.spread())).append(" | ").append(s.runs().length)
             .append(" |\n");
        }
    }

    private static String machine(Map<String, Object> machine) {
        return machine.get("cores") + " cores (" + machine.get("cpu") + "), " + machine.get("memory_gib")
                + " GiB, " + machine.get("jdk") + ", " + machine.get("os") + "; load average (1/5/15 min) "
                + machine.get("load_average_at_start") + " at the start, " + machine.get("load_average_at_end")
                + " at the end";
    }

    private static String settings(Map<String, Object> settings) {
        StringBuilder b = new StringBuilder();
        settings.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append('=').append(v));
        return b.toString();
    }

    /** Thousands separators for large values, three significant decimals for small ones. */
    static String fmt(double v) {
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
