package io.jetway.soak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Collects the soak's {@link RunResult}s: appends each to a tab-separated file under {@code target/soak/} as it
 * comes (an interrupted soak keeps what it ran), and renders the table per fault × mode × backend, with the
 * anomalous runs and their scenarios (seeds) below it. A record anomaly's cell reads {@code runs (records)};
 * "failed" counts jobs that FAILED, "errors" runs the soak itself could not complete (e.g. a broker that did not
 * come back within the fixture's start timeout), which give no verdict and fail the soak too.
 */
final class SoakTable {

    private static final String NL = System.lineSeparator();

    private final String title;
    private final Path runsFile;
    private final List<RunResult> results = new ArrayList<>();

    /** Creates {@code target/soak/<name>-<time>.tsv} with its header line. */
    SoakTable(String name, String title) {
        this.title = title;
        String time = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        this.runsFile = Path.of("target", "soak", name + "-" + time + ".tsv");
        write(runsFile, String.join("\t", "scenario", "cell", "input", "seed", "verdict", "anomalies", "lost",
                "duplicated", "order", "state", "unexpected", "invisible", "stalled", "failed", "first_output_ms",
                "aborted_read", "duration_ms", "fault_applied", "details") + NL, false);
    }

    /** Records a run and appends it to the file. */
    synchronized void add(RunResult r) {
        results.add(r);
        write(runsFile, String.join("\t", r.scenario().toString(), r.scenario().cell(), r.scenario().input().name(),
                String.valueOf(r.scenario().seed()), r.isAnomalous() ? "ANOMALY" : "clean",
                String.valueOf(r.anomalies()), String.valueOf(r.lost()), String.valueOf(r.duplicated()),
                String.valueOf(r.outOfOrder()), String.valueOf(r.wrongState()), String.valueOf(r.unexpected()),
                String.valueOf(r.invisible()), clean(r.stalled()), clean(r.failed()),
                String.valueOf(r.firstOutputMs()), String.valueOf(r.abortedRead()), String.valueOf(r.durationMs()),
                clean(r.faultApplied()), clean(String.join(" | ", r.details()))) + NL, true);
    }

    /** The runs so far. */
    synchronized List<RunResult> results() {
        return List.copyOf(results);
    }

    /** The runs with an anomaly. */
    synchronized List<RunResult> anomalous() {
        return results.stream().filter(RunResult::isAnomalous).toList();
    }

    /** Where the per-run results go. */
    Path runsFile() {
        return runsFile;
    }

    /** The table, the anomalous runs and the file names; also written next to the runs file as {@code .txt}. */
    synchronized String render() {
        Map<String, List<RunResult>> cells = new LinkedHashMap<>();
        for (SoakScenario.Fault fault : SoakScenario.Fault.values()) {
            for (SoakScenario.Mode mode : SoakScenario.Mode.values()) {
                for (SoakScenario.Backend backend : SoakScenario.Backend.values()) {
                    List<RunResult> runs = results.stream().filter(r -> r.scenario().fault() == fault
                            && r.scenario().mode() == mode && r.scenario().backend() == backend).toList();
                    if (!runs.isEmpty()) {
                        cells.put(fault + " | " + mode + " | " + backend.backendName(), runs);
                    }
                }
            }
        }
        StringBuilder t = new StringBuilder(title).append(NL);
        String format = "%-52s %5s %9s %9s %9s %9s %7s %6s %6s %14s%n";
        t.append(String.format(format, "fault | mode | backend", "runs", "lost", "dup", "order", "state", "stalled",
                "failed", "errors", "1st out med/max"));
        cells.forEach((cell, runs) -> t.append(String.format(format, cell, runs.size(),
                records(runs, RunResult::lost), records(runs, RunResult::duplicated),
                records(runs, RunResult::outOfOrder), records(runs, RunResult::wrongState),
                runs.stream().filter(r -> !r.stalled().isEmpty()).count(),
                runs.stream().filter(r -> !r.failed().isEmpty() && !r.isRunError()).count(),
                runs.stream().filter(RunResult::isRunError).count(), firstOutput(runs))));
        long anomalous = results.stream().filter(RunResult::isAnomalous).count();
        t.append(String.format("%d runs, %d with an anomaly", results.size(), anomalous)).append(NL);
        for (RunResult r : results) {
            if (r.isAnomalous()) {
                t.append("  ").append(r.summary()).append(NL);
                r.details().stream().limit(6).forEach(d -> t.append("      ").append(d).append(NL));
            }
        }
        t.append("per-run results: ").append(runsFile.toAbsolutePath()).append(NL);
        String table = t.toString();
        write(Path.of(runsFile.toString().replaceFirst("\\.tsv$", ".txt")), table, false);
        return table;
    }

    // "0", or "runs-with-it (records)"
    private static String records(List<RunResult> runs, ToLongFunction<RunResult> count) {
        long withIt = runs.stream().filter(r -> count.applyAsLong(r) > 0).count();
        long total = runs.stream().mapToLong(count).sum();
        return withIt == 0 ? "0" : withIt + " (" + total + ")";
    }

    private static String firstOutput(List<RunResult> runs) {
        long[] ms = runs.stream().mapToLong(RunResult::firstOutputMs).filter(v -> v >= 0).sorted().toArray();
        if (ms.length == 0) {
            return "-";
        }
        long median = ms.length % 2 == 1 ? ms[ms.length / 2] : (ms[ms.length / 2 - 1] + ms[ms.length / 2]) / 2;
        return String.format("%.1f/%.1f s", median / 1000.0, ms[ms.length - 1] / 1000.0);
    }

    private static String clean(String text) {
        return text.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }

    private static void write(Path file, String text, boolean append) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
