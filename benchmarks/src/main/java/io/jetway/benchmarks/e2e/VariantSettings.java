package io.jetway.benchmarks.e2e;

import java.util.ArrayList;
import java.util.List;

/**
 * What a variant's JVM is told: where the input is and how to measure. Passed on the command line of
 * {@link VariantMain}.
 *
 * @param records            records in the input topic
 * @param keys               distinct keys in the input topic
 * @param valueBytes         about how many bytes an event has on the wire
 * @param warmupSeconds      minimum warm-up before the measured pass
 * @param snapshotIntervalMs Jet snapshot interval and Kafka Streams commit interval of exactly-once jobs
 * @param latencyRate        events per second of the fixed-rate latency run
 * @param latencySeconds     measured seconds of the latency run (after the warm-up)
 */
record VariantSettings(String variant, String bootstrap, String topic, long records, long keys, int valueBytes,
                       int warmupSeconds,
                       long snapshotIntervalMs, int latencyRate, int latencySeconds) {

    /** The arguments of {@link VariantMain} that carry these settings. */
    List<String> toArgs() {
        List<String> args = new ArrayList<>();
        args.add(variant);
        args.add("--bootstrap=" + bootstrap);
        args.add("--topic=" + topic);
        args.add("--records=" + records);
        args.add("--keys=" + keys);
        args.add("--value-bytes=" + valueBytes);
        args.add("--warmup-seconds=" + warmupSeconds);
        args.add("--snapshot-interval-ms=" + snapshotIntervalMs);
        args.add("--latency-rate=" + latencyRate);
        args.add("--latency-seconds=" + latencySeconds);
        return args;
    }

    /** How long warm-up lasts at least, in nanoseconds. */
    long warmupNanos() {
        return warmupSeconds * 1_000_000_000L;
    }
}
