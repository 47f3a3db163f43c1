package io.jetway.benchmarks.e2e;

import io.jetway.testing.KafkaBrokerProcess;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * End-to-end comparison, in one run: starts a Kafka broker in a child JVM, writes the input topic once,
 * then runs each variant {@code --runs} times, each run in a fresh JVM with a pre-touched fixed heap and
 * a time-based warm-up, checks that every run read every record with the right checksum, and writes
 * medians, spreads and ratios to the results file.
 * <pre>java -cp benchmarks/target/benchmarks.jar io.jetway.benchmarks.e2e.Compare --records 2000000</pre>
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Jetway's Kafka source against a bare KafkaConsumer loop, each variant in its own JVM")
public final class Compare implements Callable<Integer> {

    @Option(names = "--records", description = "records in the input topic (default: ${DEFAULT-VALUE})")
    long records = 2_000_000;

    @Option(names = "--partitions", description = "partitions of the input topic (default: ${DEFAULT-VALUE})")
    int partitions = 4;

    @Option(names = "--value-bytes", description = "bytes per record value (default: ${DEFAULT-VALUE})")
    int valueBytes = 120;

    @Option(names = "--runs", description = "measured runs per variant (default: ${DEFAULT-VALUE})")
    int runs = 3;

    @Option(names = "--warmup-seconds", description = "warm-up per run, in seconds (default: ${DEFAULT-VALUE})")
    int warmupSeconds = 10;

    @Option(names = "--heap", description = "heap of each variant's JVM (default: ${DEFAULT-VALUE})")
    String heap = "2g";

    @Option(names = "--variants", split = ",",
            description = "variants to run (default: ${DEFAULT-VALUE})")
    List<String> variants = List.of("bare-consumer", "jetway-source-1m");

    @Option(names = "--out", description = "results file (default: ${DEFAULT-VALUE})")
    Path out = Path.of("benchmarks/results/latest.json");

    public static void main(String[] args) {
        System.exit(new CommandLine(new Compare()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start()) {
            String topic = "bench-input";
            broker.createTopic(topic, partitions);
            System.out.printf(Locale.ROOT, "Writing %,d records of %d B to %d partitions...%n", records, valueBytes,
                    partitions);
            long expectedChecksum = InputTopic.produce(broker.bootstrapServers(), topic, partitions, records, valueBytes);

            List<Stats> results = new ArrayList<>();
            Map<String, Stats> byVariant = new LinkedHashMap<>();
            for (int run = 0; run < runs; run++) {
                for (String variant : variants) {   // interleaved, so drift hits every variant alike
                    Measurement m = runVariant(variant, broker.bootstrapServers(), topic);
                    if (m.records() != records || m.checksum() != expectedChecksum) {
                        throw new IllegalStateException(variant + " read " + m.records() + " records with checksum "
                                + m.checksum() + "; expected " + records + " with " + expectedChecksum);
                    }
                    System.out.printf(Locale.ROOT, "run %d %-22s %,12.0f records/s%n", run + 1, variant,
                            m.recordsPerSecond());
                    Stats previous = byVariant.get(variant);
                    double[] all = previous == null ? new double[0] : previous.runs();
                    all = java.util.Arrays.copyOf(all, all.length + 1);
                    all[all.length - 1] = m.recordsPerSecond();
                    byVariant.put(variant, Stats.of(variant + "_records_per_s", "records/s", all));
                }
            }
            results.addAll(byVariant.values());
            Map<String, Double> ratios = new LinkedHashMap<>();
            Stats bare = byVariant.get("bare-consumer");
            for (Map.Entry<String, Stats> e : byVariant.entrySet()) {
                if (bare != null && e.getKey().startsWith("jetway-source")) {
                    ratios.put(e.getKey().replace('-', '_') + "_vs_bare_consumer", e.getValue().median() / bare.median());
                }
            }
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("records", records);
            settings.put("partitions", partitions);
            settings.put("value_bytes", valueBytes);
            settings.put("runs", runs);
            settings.put("warmup_seconds", warmupSeconds);
            settings.put("heap", heap);
            ResultsFile.write(out, settings, results, ratios);
            System.out.println();
            System.out.println("| measurement | median | min | max | spread |");
            System.out.println("|---|---:|---:|---:|---:|");
            for (Stats s : results) {
                System.out.printf(Locale.ROOT, "| %s | %,.0f | %,.0f | %,.0f | %.0f %% |%n", s.name(), s.median(),
                        s.min(), s.max(), 100 * s.spread());
            }
            ratios.forEach((k, v) -> System.out.printf(Locale.ROOT, "%s = %.2f%n", k, v));
            System.out.println("Results written to " + out.toAbsolutePath());
        }
        return 0;
    }

    private Measurement runVariant(String variant, String bootstrap, String topic) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms" + heap, "-Xmx" + heap, "-XX:+AlwaysPreTouch",
                "--add-modules", "java.se", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "--add-opens", "java.base/java.nio=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
                "--add-opens", "java.management/sun.management=ALL-UNNAMED",
                "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
                "-Dhazelcast.phone.home.enabled=false", "-Dhazelcast.logging.type=log4j2",
                "-cp", System.getProperty("java.class.path"), VariantMain.class.getName(),
                variant, bootstrap, topic, Long.toString(records), Integer.toString(warmupSeconds)));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Measurement result = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                Measurement m = Measurement.fromLine(line);
                if (m != null) {
                    result = m;
                }
            }
        }
        int exit = process.waitFor();
        if (exit != 0 || result == null) {
            throw new IllegalStateException("variant " + variant + " failed (exit " + exit + ")");
        }
        return result;
    }
}
