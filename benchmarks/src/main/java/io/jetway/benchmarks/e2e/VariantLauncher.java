package io.jetway.benchmarks.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Starts a variant in a fresh JVM ({@link VariantMain}, or the Flink variants' main on their own class path)
 * with a fixed, pre-touched heap and the flags Hazelcast, Kafka and chronicle-bytes need on JDK 17; its log goes
 * to a file, its result lines come back on standard output. A variant that fails, times out or prints no result yields the reason instead.
 */
final class VariantLauncher {

    /** A variant's result, or why there is none. */
    record Outcome(Measurement measurement, String failure) {
    }

    /** The flags of every variant JVM, also those a variant starts itself. */
    static final List<String> JVM_FLAGS = List.of("-XX:+AlwaysPreTouch", "--add-modules", "java.se",
            "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED", "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/java.nio=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens", "java.management/sun.management=ALL-UNNAMED",
            "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
            "-Dchronicle.analytics.disable=true", "-Dchronicle.announcer.disable=true",
            "-Dhazelcast.phone.home.enabled=false", "-Dhazelcast.logging.type=log4j2",
            "-Djava.net.preferIPv4Stack=true", "-Dlog4j2.configurationFile=io/jetway/benchmarks/variant-log4j2.xml");

    /** The heap of the processes a variant starts itself, as {@code HazelcastCluster}'s member processes. */
    private static final String CHILD_HEAP = "-Xmx512m";

    private final Path logDir;
    private final long timeoutMinutes;
    private final boolean jfr;
    private final String flinkClassPath;

    /**
     * @param jfr            record each variant JVM with Java Flight Recorder ({@code profile} settings) next to its log
     * @param flinkClassPath the class path of the {@link Variants.ClassPath#FLINK} variants' JVMs
     */
    VariantLauncher(Path logDir, long timeoutMinutes, boolean jfr, String flinkClassPath) {
        this.logDir = logDir;
        this.timeoutMinutes = timeoutMinutes;
        this.jfr = jfr;
        this.flinkClassPath = flinkClassPath;
    }

    /**
     * Starts a process of a variant's own (a Kafka Streams instance, a Flink JobManager or TaskManager): a JVM with
     * {@value #CHILD_HEAP} and {@link #JVM_FLAGS} on this JVM's class path, running {@code mainClass} with
     * {@code args}, its output appended to {@code <tmp>/jetway-bench-logs/<logName>.log} (printed to standard error).
     */
    static Process startChild(String mainClass, List<String> args, String logName) throws IOException {
        Path logDir = Path.of(System.getProperty("java.io.tmpdir"), "jetway-bench-logs");
        Files.createDirectories(logDir);
        Path log = logDir.resolve(logName + ".log");
        System.err.println(mainClass.substring(mainClass.lastIndexOf('.') + 1) + " logs to " + log);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(CHILD_HEAP);
        command.addAll(JVM_FLAGS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /**
     * Runs {@code spec} in a new JVM with {@code heap} as -Xms and -Xmx; {@code brokerCpu} tells the CPU time the
     * broker has used so far (its share of a count-to-Kafka variant's cost is reported beside the variant's own).
     */
    Outcome run(Variants.Spec spec, VariantSettings settings, int run, String heap, LongSupplier brokerCpu)
            throws IOException, InterruptedException {
        Files.createDirectories(logDir);
        Path log = logDir.resolve(spec.name() + "-run" + (run + 1) + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xms" + heap);
        command.add("-Xmx" + heap);
        command.addAll(JVM_FLAGS);
        command.addAll(spec.jvmArgs());
        if (jfr) {
            command.add("-XX:StartFlightRecording=settings=profile,filename="
                    + logDir.resolve(spec.name() + "-run" + (run + 1) + ".jfr").toAbsolutePath());
        }
        command.add("-cp");
        boolean flink = spec.classPath() == Variants.ClassPath.FLINK;
        command.add(flink ? flinkClassPath : System.getProperty("java.class.path"));
        command.add(flink ? Variants.FLINK_MAIN : VariantMain.class.getName());
        command.addAll(settings.toArgs());
        long brokerCpuStartNs = brokerCpu.getAsLong();
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        List<String> lines = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                }
            } catch (IOException e) {
                // the process died; its exit code and log tell why
            }
        }, "variant-stdout");
        reader.start();
        if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            reader.join();
            return new Outcome(null, "timed out after " + timeoutMinutes + " min (log: " + log + ")");
        }
        reader.join();
        Measurement m;
        synchronized (lines) {
            m = Measurement.parse(lines);
        }
        if (process.exitValue() != 0 || m == null) {
            return new Outcome(null, "exit code " + process.exitValue() + ": " + lastError(log) + " (log: " + log + ")");
        }
        return new Outcome(withBrokerCpu(m, brokerCpu.getAsLong() - brokerCpuStartNs, settings.records()), null);
    }

    // Beside a variant's own CPU per record (jvm_cpu_per_record), what the broker's JVMs spent meanwhile, its
    // work for the variant (nothing else runs then): a peer that costs the broker more pays for it here
    private static Measurement withBrokerCpu(Measurement m, long brokerCpuNanos, long records) {
        if (m.metrics().stream().noneMatch(metric -> metric.name().equals("jvm_cpu_per_record"))) {
            return m;
        }
        List<Measurement.Metric> metrics = new ArrayList<>(m.metrics());
        metrics.add(new Measurement.Metric("broker_cpu_per_record", "ns", brokerCpuNanos / (double) records));
        return new Measurement(m.variant(), m.records(), m.checksum(), metrics);
    }

    /** The last line of the log that names an exception or error, shortened. */
    private static String lastError(Path log) throws IOException {
        String found = "no result printed";
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (line.contains("Exception") || line.contains("Error")) {
                found = line.trim();
            }
        }
        return found.length() > 300 ? found.substring(0, 300) + "..." : found;
    }
}
