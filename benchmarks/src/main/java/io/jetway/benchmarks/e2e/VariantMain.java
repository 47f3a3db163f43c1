package io.jetway.benchmarks.e2e;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * Runs one variant in this JVM (which {@link Compare} started with a pre-touched fixed heap): the variant
 * warms up for at least the warm-up time, measures, and its result goes to standard output as
 * {@code METRIC}/{@code RESULT} lines. Exit code 0 only when a result was printed.
 */
@Command(name = "variant", description = "One benchmark variant; started by Compare")
public final class VariantMain implements Callable<Integer> {

    @Parameters(index = "0", description = "variant name, see Variants")
    String variant;
    @Option(names = "--bootstrap", required = true)
    String bootstrap;
    @Option(names = "--topic", required = true)
    String topic;
    @Option(names = "--records", required = true)
    long records;
    @Option(names = "--keys", required = true)
    long keys;
    @Option(names = "--value-bytes", defaultValue = "120")
    int valueBytes;
    @Option(names = "--warmup-seconds", defaultValue = "10")
    int warmupSeconds;
    @Option(names = "--snapshot-interval-ms", defaultValue = "1000")
    long snapshotIntervalMs;
    @Option(names = "--latency-rate", defaultValue = "20000")
    int latencyRate;
    @Option(names = "--latency-seconds", defaultValue = "20")
    int latencySeconds;

    private final Function<String, Variant> variants;

    private VariantMain(Function<String, Variant> variants) {
        this.variants = variants;
    }

    public static void main(String[] args) {
        exit(args, name -> Variants.spec(name).create());
    }

    /**
     * Runs the variant {@code variants} creates by name, with the settings in {@code args}, and exits the JVM
     * (Hazelcast, Kafka, Kafka Streams and Flink leave non-daemon threads behind). The Flink variants' main,
     * on its own class path, passes its own factory.
     */
    static void exit(String[] args, Function<String, Variant> variants) {
        int exit = new CommandLine(new VariantMain(variants)).execute(args);
        System.out.flush();
        System.exit(exit);
    }

    @Override
    public Integer call() throws Exception {
        VariantSettings settings = new VariantSettings(variant, bootstrap, topic, records, keys, valueBytes, warmupSeconds,
                snapshotIntervalMs, latencyRate, latencySeconds);
        try (Variant v = variants.apply(variant)) {
            Measurement m = v.run(settings);
            for (String line : m.toLines()) {
                System.out.println(line);
            }
        }
        return 0;
    }
}
