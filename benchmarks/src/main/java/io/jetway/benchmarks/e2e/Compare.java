package io.jetway.benchmarks.e2e;

import io.jetway.benchmarks.jmh.JmhSuite;
import io.jetway.benchmarks.report.Ratio;
import io.jetway.benchmarks.report.Results;
import io.jetway.benchmarks.report.ResultsChart;
import io.jetway.benchmarks.report.ResultsJson;
import io.jetway.benchmarks.report.ResultsMarkdown;
import io.jetway.benchmarks.report.Series;
import io.jetway.benchmarks.report.Stats;
import io.jetway.testing.KafkaBrokerProcess;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * The whole benchmark in one run: the JMH hot paths with {@code -prof gc}, then, on a Kafka broker in a
 * child JVM, every end-to-end variant {@code --runs} times, interleaved, each run in a fresh JVM with a
 * pre-touched fixed heap and a warm-up of at least {@code --warmup-seconds}; every run's record count and
 * checksum are checked against what was written. Writes {@code latest.json}, {@code latest.md} and
 * {@code latest.png} with medians, spreads and the ratios the README cites. The Flink variants run on the
 * class path of {@code benchmarks-flink} ({@code --flink-class-path}), whose Kafka connector needs an older
 * kafka-clients than this module's.
 * <pre>java -cp benchmarks/target/benchmarks.jar io.jetway.benchmarks.e2e.Compare</pre>
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Jetway against bare Kafka consumers, Hazelcast's stock Kafka source, Kafka Streams and Flink")
public final class Compare implements Callable<Integer> {

    @Option(names = "--records", description = "events in the main input topic (default: ${DEFAULT-VALUE})")
    long records = 5_000_000;

    @Option(names = "--keys", description = "distinct keys in the main input (default: ${DEFAULT-VALUE})")
    long keys = 100_000;

    @Option(names = "--partitions", description = "partitions of the input topics (default: ${DEFAULT-VALUE})")
    int partitions = 4;

    @Option(names = "--value-bytes", description = "approximate wire size of an event (default: ${DEFAULT-VALUE})")
    int valueBytes = 120;

    @Option(names = "--runs", description = "measured runs per variant (default: ${DEFAULT-VALUE})")
    int runs = 3;

    @Option(names = "--warmup-seconds", description = "minimum warm-up per run (default: ${DEFAULT-VALUE})")
    int warmupSeconds = 10;

    @Option(names = "--heap", description = "heap of each variant's JVM, -Xms = -Xmx (default: ${DEFAULT-VALUE})")
    String heap = "2g";

    @Option(names = "--large-state-heap", description = "heap of the state variants with 10 M keys or more, so "
            + "that the heap backend can hold them (default: ${DEFAULT-VALUE})")
    String largeStateHeap = "12g";

    @Option(names = "--state-keys", split = ",",
            description = "key counts of the snapshot/restore variants (default: ${DEFAULT-VALUE})")
    List<Long> stateKeys = List.of(10_000L, 100_000L, 1_000_000L, 10_000_000L);

    @Option(names = "--large-state-runs", description = "runs of the state variants with 10 M keys or more "
            + "(default: --runs)")
    Integer largeStateRuns;

    @Option(names = "--variants", split = ",", description = "variants to run (default: all): "
            + "bare-consumer, bare-consumer-rcvbuf, bare-consumer-protobuf, bare-consumer-protobuf-threads, "
            + "stock-source-default, stock-source-tuned, jetway-source-1m, "
            + "jetway-source-2m, count-changelog-eos, count-changelog-aligned-eos, count-heap-eos, kstreams-count-eos, "
            + "count-changelog-aligned-eos-kafka, count-changelog-aligned-eos-kafka-newest, count-changelog-eos-kafka, "
            + "count-changelog-eos-kafka-newest, kstreams-count-eos-kafka, kstreams-count-eos-kafka-cached, "
            + "sink-eos, sink-alo, latency-changelog-eos, latency-heap-eos, startup-changelog-eos, startup-heap-eos, "
            + "startup-stock-eos, startup-kstreams-eos, startup-flink-eos, recovery-changelog-aligned-eos, "
            + "recovery-changelog-eos, recovery-stock-eos, recovery-kstreams-eos, recovery-flink-eos, flink-source, "
            + "flink-count-hashmap-eos, flink-count-changelog-eos, "
            + "state-heap-<keys>, state-changelog-<keys>, flink-restore-<keys>, jetway-source-raw-1m")
    List<String> variants;

    @Option(names = "--snapshot-interval-ms", description = "Jet snapshot interval = Kafka Streams commit interval "
            + "= Flink checkpoint interval (default: ${DEFAULT-VALUE})")
    long snapshotIntervalMs = 1000;

    @Option(names = "--latency-rate", description = "events/s of the latency run (default: ${DEFAULT-VALUE})")
    int latencyRate = 20_000;

    @Option(names = "--latency-seconds", description = "measured seconds of the latency run (default: ${DEFAULT-VALUE})")
    int latencySeconds = 20;

    @Option(names = "--startup-records", description = "events in the input of the startup variants "
            + "(default: ${DEFAULT-VALUE})")
    long startupRecords = 200_000;

    @Option(names = "--startup-keys", description = "distinct keys in the input of the startup variants "
            + "(default: ${DEFAULT-VALUE})")
    long startupKeys = 1_000;

    @Option(names = "--skip-jmh", description = "do not run the JMH benchmarks")
    boolean skipJmh;

    @Option(names = "--jmh-include", description = "JMH benchmarks to run, a regex (default: all of the module)")
    String jmhInclude = JmhSuite.ALL;

    @Option(names = "--jmh-quick", description = "JMH in this JVM with a few short iterations (smoke test only)")
    boolean jmhQuick;

    @Option(names = "--out", description = "results file; .md and .png go next to it (default: ${DEFAULT-VALUE})")
    Path out = Path.of("benchmarks/results/latest.json");

    @Option(names = "--log-dir", description = "variant JVM logs (default: <tmp>/jetway-bench-logs)")
    Path logDir = Path.of(System.getProperty("java.io.tmpdir"), "jetway-bench-logs");

    @Option(names = "--jfr", description = "record every variant JVM with JFR (profile settings), next to its log")
    boolean jfr;

    @Option(names = "--variant-timeout-minutes", description = "kill a variant JVM after (default: ${DEFAULT-VALUE})")
    long variantTimeoutMinutes = 30;

    @Option(names = "--flink-class-path", description = "class path of the Flink variants' JVMs, the jar that "
            + "mvn install -pl benchmarks-flink -am builds (default: ${DEFAULT-VALUE})")
    String flinkClassPath = "benchmarks-flink/target/benchmarks-flink.jar";

    private static final long LARGE_STATE_KEYS = 10_000_000;

    private String[] args = new String[0];

    /** Runs the benchmark; the exit code is 0 when the results were written (whatever the targets). */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** {@link #main} without {@code System.exit}, for tests. */
    public static int run(String... args) {
        Compare compare = new Compare();
        compare.args = args.clone();
        return new CommandLine(compare).execute(args);
    }

    @Override
    public Integer call() throws Exception {
        long startNs = System.nanoTime();
        String loadAtStart = loadAverage();
        List<Stats> jmhStats = new ArrayList<>();
        if (!skipJmh) {
            System.out.println("== JMH (" + (jmhQuick ? "quick, in this JVM" : "forked") + "): " + jmhInclude);
            jmhStats.addAll(JmhSuite.run(jmhInclude, jmhQuick));
        }
        List<String> order = variants != null ? variants : defaultVariants();
        RunLog log = new RunLog(runs);
        if (!order.isEmpty()) {
            runVariants(order, log);
        }
        List<Stats> measurements = new ArrayList<>(log.all());
        measurements.addAll(jmhStats);
        List<Ratio> ratios = Figures.ratios(log, jmhStats, stateKeys);
        List<Series> series = Figures.series(log, stateKeys);
        Map<String, String> notMeasured = new LinkedHashMap<>(log.failures());
        for (Ratio r : ratios) {
            if (r.notMeasured() != null) {
                notMeasured.putIfAbsent(r.name(), r.notMeasured());
            }
        }
        Map<String, Object> machine = machine();
        machine.put("load_average_at_start", loadAtStart);
        machine.put("load_average_at_end", loadAverage());
        Results results = new Results(Instant.now().toString(), machine, settings(), command(), measurements, series,
                ratios, notMeasured);
        Path dir = out.toAbsolutePath().getParent();
        String base = out.getFileName().toString().replaceFirst("\\.json$", "");
        ResultsJson.write(results, out);
        ResultsMarkdown.write(results, dir.resolve(base + ".md"));
        ResultsChart.write(results, dir.resolve(base + ".png"));
        printSummary(ratios);
        System.out.printf(Locale.ROOT, "Results written to %s (.md, .png) after %.1f min%n", out.toAbsolutePath(),
                (System.nanoTime() - startNs) / 60e9);
        return 0;
    }

    private List<String> defaultVariants() {
        List<String> all = new ArrayList<>(Variants.THROUGHPUT);
        all.addAll(Variants.SINKS);
        all.addAll(Variants.COUNTS);
        all.addAll(Variants.COUNTS_TO_KAFKA);
        all.addAll(Variants.LATENCY);
        all.addAll(Variants.STARTUP);
        all.addAll(Variants.STARTUP_PEERS);
        // not Variants.RECOVERY: about 3 min per run each; they run when named (--variants)
        all.addAll(Variants.FLINK);
        for (long k : stateKeys.stream().sorted().toList()) {
            all.add(Variants.state("heap", k));
            all.add(Variants.state("changelog", k));
            all.add(Variants.flinkRestore(k));
        }
        return all;
    }

    private void runVariants(List<String> order, RunLog log) throws Exception {
        List<Variants.Spec> specs = new ArrayList<>();
        for (String name : order) {
            specs.add(Variants.spec(name));   // unknown names fail before anything starts
        }
        VariantLauncher launcher = new VariantLauncher(logDir, variantTimeoutMinutes, jfr, flinkClassPath);
        String flinkMissing = flinkClassPathMissing(specs);
        // The recovery variants give Kafka Streams' consumer group a 5 s session timeout, below the broker's
        // default minimum of 6 s; a minimum changes nothing for groups with longer timeouts.
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(Map.of("group.min.session.timeout.ms", "1000"))) {
            String bootstrap = broker.bootstrapServers();
            Map<String, InputSummary> inputs = new HashMap<>();
            if (specs.stream().anyMatch(s -> s.input() == Variants.Input.MAIN)) {
                inputs.put("main", writeInput(broker, "bench-input", records, keys));
            }
            if (specs.stream().anyMatch(s -> s.input() == Variants.Input.STARTUP)) {
                inputs.put("startup", writeInput(broker, "bench-startup", startupRecords, startupKeys));
            }
            for (Variants.Spec s : specs) {
                if (s.input() == Variants.Input.STATE && !inputs.containsKey("state-" + s.stateKeys())) {
                    inputs.put("state-" + s.stateKeys(), writeInput(broker, "bench-state-" + s.stateKeys(),
                            s.stateKeys(), s.stateKeys()));
                }
            }
            System.out.println("== " + runs + " run(s) of " + order + "; variant logs in " + logDir);
            Map<String, String> failed = new HashMap<>();
            for (int run = 0; run < runs; run++) {
                for (Variants.Spec spec : specs) {   // interleaved, so drift hits every variant alike
                    if (failed.containsKey(spec.name())) {  // e.g. out of memory: it would only fail again
                        log.fail(spec.name(), run, "not run again after " + failed.get(spec.name()));
                        continue;
                    }
                    if (spec.stateKeys() >= LARGE_STATE_KEYS && largeStateRuns != null && run >= largeStateRuns) {
                        continue;
                    }
                    if (spec.classPath() == Variants.ClassPath.FLINK && flinkMissing != null) {
                        log.fail(spec.name(), run, flinkMissing);
                        failed.put(spec.name(), "being skipped in run " + (run + 1));
                        System.out.printf(Locale.ROOT, "run %d %-26s %s%n", run + 1, spec.name(), flinkMissing);
                        continue;
                    }
                    String tooBig = heapStateTooBig(spec, log);
                    if (tooBig != null) {
                        log.fail(spec.name(), run, tooBig);
                        failed.put(spec.name(), "being skipped in run " + (run + 1));
                        System.out.printf(Locale.ROOT, "run %d %-26s %s%n", run + 1, spec.name(), tooBig);
                        continue;
                    }
                    InputSummary input = switch (spec.input()) {
                        case MAIN -> inputs.get("main");
                        case STATE -> inputs.get("state-" + spec.stateKeys());
                        case LATENCY -> latencyInput(broker, run);
                        case STARTUP -> inputs.get("startup");
                    };
                    VariantSettings settings = new VariantSettings(spec.name(), bootstrap, input.topic(),
                            input.records(), input.keys(), valueBytes, warmupSeconds, snapshotIntervalMs, latencyRate,
                            latencySeconds);
                    long t0 = System.nanoTime();
                    VariantLauncher.Outcome outcome = launcher.run(spec, settings, run, heapOf(spec), broker::cpuNanos);
                    String failure = outcome.failure() != null ? outcome.failure() : verify(outcome.measurement(), input,
                            spec.check());
                    if (failure != null) {
                        log.fail(spec.name(), run, failure);
                        failed.put(spec.name(), "failing in run " + (run + 1));
                        System.out.printf(Locale.ROOT, "run %d %-26s NOT MEASURED: %s%n", run + 1, spec.name(), failure);
                        continue;
                    }
                    StringBuilder line = new StringBuilder();
                    for (Measurement.Metric m : outcome.measurement().metrics()) {
                        log.put(spec.name() + "." + m.name(), m.unit(), run, m.value());
                        line.append(String.format(Locale.ROOT, " %s=%,.1f %s", m.name(), m.value(), m.unit()));
                    }
                    System.out.printf(Locale.ROOT, "run %d %-26s%s (%.0f s)%n", run + 1, spec.name(), line,
                            (System.nanoTime() - t0) / 1e9);
                }
            }
        }
    }

    /** Why the Flink variants among {@code specs} cannot run: a missing class path entry; {@code null} if they can. */
    private String flinkClassPathMissing(List<Variants.Spec> specs) {
        if (specs.stream().noneMatch(s -> s.classPath() == Variants.ClassPath.FLINK)) {
            return null;
        }
        for (String entry : flinkClassPath.split(File.pathSeparator)) {
            if (!entry.isEmpty() && !Files.exists(Path.of(entry))) {
                return "not run: " + entry + " (--flink-class-path) does not exist; build it with mvn -B install "
                        + "-DskipTests -pl benchmarks-flink -am";
            }
        }
        return null;
    }

    /**
     * Why the heap backend cannot hold {@code spec}'s state in the variant's heap, projected from the snapshot
     * size per key measured at a smaller key count in this run (Jet keeps the snapshot in the member's heap
     * beside the state); {@code null} when it may fit or nothing was measured yet.
     */
    private String heapStateTooBig(Variants.Spec spec, RunLog log) {
        if (spec.input() != Variants.Input.STATE || !spec.name().startsWith("state-heap-")) {
            return null;
        }
        long heapBytes = parseBytes(heapOf(spec));
        for (long smaller : stateKeys.stream().sorted(java.util.Comparator.reverseOrder()).toList()) {
            Stats bytes = smaller < spec.stateKeys() ? log.stats(Variants.state("heap", smaller) + ".snapshot_bytes") : null;
            if (bytes != null) {
                double perKey = bytes.median() / smaller;
                double projected = perKey * spec.stateKeys();
                return projected < heapBytes ? null : String.format(Locale.ROOT, "not run: memory does not allow it; "
                        + "the heap backend's snapshot alone would take about %.1f GB (%.0f B/key, measured at %,d "
                        + "keys in this run) in a %s heap that also holds the state", projected / 1e9, perKey,
                        smaller, heapOf(spec));
            }
        }
        return null;
    }

    private String heapOf(Variants.Spec spec) {
        return spec.stateKeys() >= LARGE_STATE_KEYS ? largeStateHeap : heap;
    }

    private static long parseBytes(String size) {
        String s = size.trim().toLowerCase(Locale.ROOT);
        long unit = s.endsWith("g") ? 1L << 30 : s.endsWith("m") ? 1L << 20 : s.endsWith("k") ? 1L << 10 : 1;
        return Long.parseLong(unit == 1 ? s : s.substring(0, s.length() - 1)) * unit;
    }

    private InputSummary writeInput(KafkaBrokerProcess broker, String topic, long count, long keyCount) {
        long t0 = System.nanoTime();
        broker.createTopic(topic, partitions);
        InputSummary summary = InputTopic.produce(broker.bootstrapServers(), topic, count, keyCount, valueBytes);
        System.out.printf(Locale.ROOT, "Wrote %,d events (%,d keys, ~%d B) to %s, %d partitions, in %.1f s%n", count,
                keyCount, valueBytes, topic, partitions, (System.nanoTime() - t0) / 1e9);
        return summary;
    }

    private InputSummary latencyInput(KafkaBrokerProcess broker, int run) {
        String topic = "bench-latency-" + run + "-" + System.currentTimeMillis();
        broker.createTopic(topic, partitions);
        long total = (long) latencyRate * (warmupSeconds + latencySeconds);
        return InputSummary.ofSequence(topic, total, keys);
    }

    private static String verify(Measurement m, InputSummary input, Check check) {
        long expected = input.expected(check);
        if (m.records() != input.records() || m.checksum() != expected) {
            return "verification failed: read " + m.records() + " records with checksum " + m.checksum() + "; "
                    + input.topic() + " holds " + input.records() + " with checksum " + expected + " (" + check + ")";
        }
        return null;
    }

    private Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("records", records);
        s.put("keys", keys);
        s.put("partitions", partitions);
        s.put("value_bytes", valueBytes);
        s.put("runs", runs);
        s.put("warmup_seconds", warmupSeconds);
        s.put("heap", heap);
        s.put("large_state_heap", largeStateHeap);
        s.put("state_keys", stateKeys.toString());
        s.put("large_state_runs", largeStateRuns == null ? runs : largeStateRuns);
        s.put("snapshot_interval_ms", snapshotIntervalMs);
        s.put("latency_rate", latencyRate);
        s.put("latency_seconds", latencySeconds);
        s.put("startup_records", startupRecords);
        s.put("startup_keys", startupKeys);
        s.put("jmh", skipJmh ? "off" : jmhQuick ? "quick" : "forked");
        return s;
    }

    private static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("cpu", cpuModel());
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        m.put("memory_gib", Math.round(memory / (1024.0 * 1024 * 1024)));
        m.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        return m;
    }

    /** The 1, 5 and 15 minute load averages: other work on the machine skews every figure, ratios less. */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    private String command() {
        StringBuilder b = new StringBuilder("java -cp benchmarks/target/benchmarks.jar ").append(Compare.class.getName());
        for (String a : args) {
            b.append(' ').append(a);
        }
        return b.toString();
    }

    private static void printSummary(List<Ratio> ratios) {
        System.out.println();
        Map<String, String> lines = new TreeMap<>();
        for (Ratio r : ratios) {
            String value = r.stats() != null ? String.format(Locale.ROOT, "%.3f (%.3f-%.3f)", r.stats().median(),
                    r.stats().min(), r.stats().max()) : "not measured: " + r.notMeasured();
            String verdict = r.met() == null ? "" : r.met() ? "  [target " + r.target() + " met]"
                    : "  [target " + r.target() + " MISSED]";
            lines.put(r.name(), value + verdict);
        }
        lines.forEach((k, v) -> System.out.printf(Locale.ROOT, "%-45s %s%n", k, v));
    }
}
