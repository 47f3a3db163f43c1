package io.jetway.benchmarks.e2e;

import io.jetway.internal.snapshot.CallbackPoolCheck;
import io.jetway.state.OutputMode;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The variants {@link Compare} can run, by name, with what they read, which checksum they report and the
 * JVM options that set them apart. A new measurement (for example the exactly-once and at-least-once Kafka
 * sinks once they exist) plugs in here, plus a ratio in {@link Figures}.
 */
final class Variants {

    /** What a variant reads. */
    enum Input {
        /** The main input topic ({@code --records}, {@code --keys}). */
        MAIN,
        /** An input with one record per key, {@code state-*-<keys>} and {@code flink-restore-<keys>}. */
        STATE,
        /** A topic the variant writes itself at a fixed rate. */
        LATENCY,
        /** The start-up input ({@code --startup-records}, {@code --startup-keys}). */
        STARTUP
    }

    /** Which class path a variant's JVM runs on. */
    enum ClassPath {
        /** This module's, the driver's own: {@link VariantMain}. */
        BENCHMARKS,
        /**
         * The {@code benchmarks-flink} module's ({@code Compare --flink-class-path}), with {@link #FLINK_MAIN}:
         * Flink's Kafka connector needs kafka-clients 4.2 (its exactly-once sink calls producer internals that
         * kafka-clients 4.3 changed), this module has 4.4.
         */
        FLINK
    }

    /** The main class of the Flink variants' JVMs, in {@code benchmarks-flink}. */
    static final String FLINK_MAIN = "io.jetway.benchmarks.e2e.FlinkVariantMain";

    /**
     * One variant.
     *
     * @param stateKeys keys of a {@link Input#STATE} variant, else 0
     * @param jvmArgs   extra options of the variant's JVM, e.g. a system property
     * @param classPath where the variant's classes are
     * @param factory   creates the variant, {@code null} for those of another class path
     */
    record Spec(String name, Input input, Check check, long stateKeys, List<String> jvmArgs, ClassPath classPath,
                Supplier<Variant> factory) {

        /** A variant of this module. */
        Spec(String name, Input input, Check check, long stateKeys, List<String> jvmArgs, Supplier<Variant> factory) {
            this(name, input, check, stateKeys, jvmArgs, ClassPath.BENCHMARKS, factory);
        }

        Variant create() {
            if (factory == null) {
                throw new IllegalStateException("variant '" + name + "' runs on the " + classPath + " class path");
            }
            return factory.get();
        }
    }

    /** The throughput variants over the main input, in the order they run. */
    static final List<String> THROUGHPUT = List.of("bare-consumer", "bare-consumer-rcvbuf", "bare-consumer-protobuf",
            "bare-consumer-protobuf-threads", "stock-source-default",
            "stock-source-tuned", "jetway-source-1m", "jetway-source-2m");
    /** The exactly-once keyed counts over the main input. */
    static final List<String> COUNTS = List.of("count-changelog-eos", "count-changelog-aligned-eos", "count-heap-eos",
            "kstreams-count-eos");
    /**
     * The exactly-once keyed counts that write every count to an output topic exactly once (equal work for
     * every engine, {@link CountOutput}): Jetway's kafka-changelog count aligned and behind the keyed edge, each
     * with every update and with the newest per snapshot, and Kafka Streams without and with its record cache.
     */
    static final List<String> COUNTS_TO_KAFKA = List.of("count-changelog-aligned-eos-kafka",
            "count-changelog-aligned-eos-kafka-newest", "count-changelog-eos-kafka", "count-changelog-eos-kafka-newest",
            "kstreams-count-eos-kafka", "kstreams-count-eos-kafka-cached");
    /** Jetway's Kafka sink, exactly-once and at-least-once, copying the main input. */
    static final List<String> SINKS = List.of("sink-eos", "sink-alo");
    /** The fixed-rate latency runs. */
    static final List<String> LATENCY = List.of("latency-changelog-eos", "latency-heap-eos");

    /**
     * Time to first committed output and time to cancel of an exactly-once Kafka → count → Kafka job on 3
     * members: Jetway with {@code kafka-changelog} and with {@code heap} state, and the stock connector.
     */
    static final List<String> STARTUP = List.of("startup-changelog-eos", "startup-heap-eos", "startup-stock-eos");

    /**
     * The same start and cancel for the peers: Kafka Streams ({@code exactly_once_v2}, one instance, 3 stream
     * threads) and Flink ({@code KafkaSink EXACTLY_ONCE}, hashmap backend, embedded MiniCluster).
     */
    static final List<String> STARTUP_PEERS = List.of("startup-kstreams-eos", "startup-flink-eos");

    /**
     * Recovery after {@code kill -9} at a steady {@code latencyRate} events/s of the exactly-once Kafka → count →
     * Kafka job: Jetway aligned and behind the keyed edge ({@code kafka-changelog}) and the stock connector on 3
     * members, one killed ({@link JetRecoveryVariant}); Kafka Streams, 2 instances, one killed
     * ({@link KafkaStreamsRecoveryVariant}); Flink, a standalone JobManager and 2 TaskManagers, one killed
     * ({@code FlinkRecoveryVariant} in benchmarks-flink).
     */
    static final List<String> RECOVERY = List.of("recovery-changelog-aligned-eos", "recovery-changelog-eos",
            "recovery-stock-eos", "recovery-kstreams-eos", "recovery-flink-eos");

    /**
     * Flink 2.2 on an embedded MiniCluster, parallelism 2: its Kafka source with Protobuf parsing, and its
     * exactly-once keyed count into Kafka with the {@code hashmap} backend and with the changelog on. Its
     * restore runs per state size, {@link #flinkRestore}.
     */
    static final List<String> FLINK = List.of("flink-source", "flink-count-hashmap-eos", "flink-count-changelog-eos");

    /** The socket buffer Jetway's source sets by default, for the bare loops that read on its terms. */
    private static final Map<String, String> SOURCE_SOCKET_BUFFER = Map.of("receive.buffer.bytes", "-1");

    private static final String STATE_PREFIX = "state-";
    /** {@code flink-restore-<keys>}, see {@link #flinkRestore}. */
    static final String FLINK_RESTORE_PREFIX = "flink-restore-";

    private Variants() {
    }

    /** The variant called {@code name}; {@code state-heap-<keys>} and {@code state-changelog-<keys>} for any key count. */
    static Spec spec(String name) {
        switch (name) {
            case "bare-consumer":
                return simple(name, Check.VALUE_CRC, () -> new BareConsumerVariant(false));
            case "bare-consumer-rcvbuf":      // the bare loop with the socket buffer Jetway's source uses by default
                return simple(name, Check.VALUE_CRC, () -> new BareConsumerVariant(false, SOURCE_SOCKET_BUFFER));
            case "bare-consumer-protobuf":
                return simple(name, Check.EVENT_SEQ, () -> new BareConsumerVariant(true));
            case "bare-consumer-protobuf-threads":   // decoding on as many threads as jetway-source-1m has processors
                return simple(name, Check.EVENT_SEQ, () -> new BareConsumerVariant(true, SOURCE_SOCKET_BUFFER,
                        JetwaySourceVariant.processorsPerMember()));
            case "stock-source-default":
                return simple(name, Check.EVENT_SEQ, StockSourceVariant::new);
            case "stock-source-tuned":
                return new Spec(name, Input.MAIN, Check.EVENT_SEQ, 0,
                        List.of("-Dhazelcast.jet.idle.noncooperative.max.microseconds=100"), StockSourceVariant::new);
            case "jetway-source-1m":
                return simple(name, Check.EVENT_SEQ, () -> new JetwaySourceVariant(1, true));
            case "jetway-source-2m":
                return simple(name, Check.EVENT_SEQ, () -> new JetwaySourceVariant(2, true));
            case "jetway-source-1m-async":     // experiment: the consumer with its own network thread (KIP-848)
                return simple(name, Check.EVENT_SEQ, () -> new JetwaySourceVariant(1, true,
                        Map.of("group.protocol", "consumer", "group.id", "bench-async-{pass}")));
            case "jetway-source-raw-1m":
                return simple(name, Check.VALUE_CRC, () -> new JetwaySourceVariant(1, false));
            case "sink-eos":
                return simple(name, Check.VALUE_CRC, () -> new SinkVariant(true));
            case "sink-alo":
                return simple(name, Check.VALUE_CRC, () -> new SinkVariant(false));
            case "count-changelog-eos":
                return simple(name, Check.KEY_COUNTS, () -> new CountVariant("changelog"));
            case "count-changelog-aligned-eos":
                return simple(name, Check.KEY_COUNTS, () -> new CountVariant("changelog", true));
            case "count-heap-eos":
                return simple(name, Check.KEY_COUNTS, () -> new CountVariant("heap"));
            case "kstreams-count-eos":
                return simple(name, Check.KEY_COUNTS, KafkaStreamsCountVariant::new);
            case "count-changelog-aligned-eos-kafka":
                return simple(name, Check.KEY_COUNTS, () -> new CountToKafkaVariant(true, OutputMode.EVERY_UPDATE));
            case "count-changelog-aligned-eos-kafka-held":   // idle processors hold their changes for phase 1
                return simple(name, Check.KEY_COUNTS,
                        () -> new CountToKafkaVariant(true, OutputMode.EVERY_UPDATE, "changelog-held"));
            case "count-changelog-eos-kafka-held":
                return simple(name, Check.KEY_COUNTS,
                        () -> new CountToKafkaVariant(false, OutputMode.EVERY_UPDATE, "changelog-held"));
            case "count-changelog-aligned-eos-kafka-newest":
                return simple(name, Check.KEY_COUNTS,
                        () -> new CountToKafkaVariant(true, OutputMode.NEWEST_PER_SNAPSHOT));
            case "count-changelog-eos-kafka":
                return simple(name, Check.KEY_COUNTS, () -> new CountToKafkaVariant(false, OutputMode.EVERY_UPDATE));
            case "count-changelog-eos-kafka-fj":  // Hazelcast's async callbacks on a common pool of 4, not a thread each
                return new Spec(name, Input.MAIN, Check.KEY_COUNTS, 0,
                        List.of(CallbackPoolCheck.REMEDY),
                        () -> new CountToKafkaVariant(false, OutputMode.EVERY_UPDATE));
            case "count-changelog-eos-kafka-thread-per-callback":  // Hazelcast's default kept: a thread per callback
                return new Spec(name, Input.MAIN, Check.KEY_COUNTS, 0,
                        List.of("-D" + CallbackPoolCheck.POOL_PROPERTY + "=off"),
                        () -> new CountToKafkaVariant(false, OutputMode.EVERY_UPDATE));
            case "count-changelog-eos-kafka-p31":  // the member with 31 partitions: 31 state and changelog partitions
                return new Spec(name, Input.MAIN, Check.KEY_COUNTS, 0, List.of("-Dhazelcast.partition.count=31"),
                        () -> new CountToKafkaVariant(false, OutputMode.EVERY_UPDATE));
            case "count-changelog-eos-kafka-newest":
                return simple(name, Check.KEY_COUNTS,
                        () -> new CountToKafkaVariant(false, OutputMode.NEWEST_PER_SNAPSHOT));
            case "kstreams-count-eos-kafka":
                return simple(name, Check.KEY_COUNTS, () -> new KafkaStreamsCountToKafkaVariant(false));
            case "kstreams-count-eos-kafka-cached":
                return simple(name, Check.KEY_COUNTS, () -> new KafkaStreamsCountToKafkaVariant(true));
            case "latency-changelog-eos":
                return new Spec(name, Input.LATENCY, Check.EVENT_SEQ, 0, List.of(), () -> new LatencyVariant("changelog"));
            case "latency-changelog-unbuffered-eos":   // write.buffer.keys=0: the latency side of the buffer
                return new Spec(name, Input.LATENCY, Check.EVENT_SEQ, 0, List.of(),
                        () -> new LatencyVariant("changelog-unbuffered"));
            case "latency-changelog-held-eos":   // idle processors hold their changes: phase 1 sends all
                return new Spec(name, Input.LATENCY, Check.EVENT_SEQ, 0, List.of(),
                        () -> new LatencyVariant("changelog-held"));
            case "latency-changelog-eos-fj":  // Hazelcast's async callbacks on a common pool of 4, not a thread each
                return new Spec(name, Input.LATENCY, Check.EVENT_SEQ, 0,
                        List.of(CallbackPoolCheck.REMEDY),
                        () -> new LatencyVariant("changelog"));
            case "latency-changelog-eos-thread-per-callback":  // Hazelcast's default kept: a thread per callback
                return new Spec(name, Input.LATENCY, Check.EVENT_SEQ, 0,
                        List.of("-D" + CallbackPoolCheck.POOL_PROPERTY + "=off"),
                        () -> new LatencyVariant("changelog"));
            case "latency-heap-eos":
                return new Spec(name, Input.LATENCY, Check.EVENT_SEQ, 0, List.of(), () -> new LatencyVariant("heap"));
            case "startup-changelog-eos":
                return new Spec(name, Input.STARTUP, Check.KEY_COUNTS, 0, List.of(),
                        () -> new StartupVariant("jetway-changelog"));
            case "startup-heap-eos":
                return new Spec(name, Input.STARTUP, Check.KEY_COUNTS, 0, List.of(),
                        () -> new StartupVariant("jetway-heap"));
            case "startup-stock-eos":
                return new Spec(name, Input.STARTUP, Check.KEY_COUNTS, 0, List.of(), () -> new StartupVariant("stock"));
            case "startup-kstreams-eos":
                return new Spec(name, Input.STARTUP, Check.KEY_COUNTS, 0, List.of(), KafkaStreamsStartupVariant::new);
            case "startup-flink-eos":
                return flink(name, Input.STARTUP, Check.KEY_COUNTS, 0);
            case "recovery-changelog-aligned-eos":
                return recovery(name, () -> new JetRecoveryVariant("aligned"));
            case "recovery-changelog-eos":
                return recovery(name, () -> new JetRecoveryVariant("keyed"));
            case "recovery-stock-eos":
                return recovery(name, () -> new JetRecoveryVariant("stock"));
            case "recovery-kstreams-eos":
                return recovery(name, KafkaStreamsRecoveryVariant::new);
            case "recovery-flink-eos":
                return flink(name, Input.LATENCY, Check.KEY_COUNTS, 0);
            case "flink-source":
                return flink(name, Input.MAIN, Check.EVENT_SEQ, 0);
            case "flink-count-hashmap-eos", "flink-count-changelog-eos":
                return flink(name, Input.MAIN, Check.KEY_COUNTS, 0);
            default:
                if (name.startsWith(FLINK_RESTORE_PREFIX)) {
                    return flink(name, Input.STATE, Check.KEY_COUNTS,
                            Long.parseLong(name.substring(FLINK_RESTORE_PREFIX.length())));
                }
                if (name.startsWith(STATE_PREFIX)) {
                    String[] parts = name.split("-");
                    if (parts.length == 3 && (parts[1].equals("heap") || parts[1].equals("changelog"))) {
                        String backend = parts[1];
                        return new Spec(name, Input.STATE, Check.KEY_COUNTS, Long.parseLong(parts[2]), List.of(),
                                () -> new SnapshotVariant(backend));
                    }
                }
                throw new IllegalArgumentException("Unknown variant '" + name + "'; known: " + THROUGHPUT + ", "
                        + COUNTS + ", " + COUNTS_TO_KAFKA + ", " + LATENCY + ", " + STARTUP + ", " + STARTUP_PEERS + ", "
                        + RECOVERY + ", " + FLINK + ", jetway-source-raw-1m, "
                        + "jetway-source-1m-async, state-heap-<keys>, state-changelog-<keys>, flink-restore-<keys>");
        }
    }

    /** The snapshot variant of {@code backend} ({@code heap} or {@code changelog}) at {@code keys} keys. */
    static String state(String backend, long keys) {
        return STATE_PREFIX + backend + "-" + keys;
    }

    /** The Flink restore variant at {@code keys} keys. */
    static String flinkRestore(long keys) {
        return FLINK_RESTORE_PREFIX + keys;
    }

    private static Spec simple(String name, Check check, Supplier<Variant> factory) {
        return new Spec(name, Input.MAIN, check, 0, List.of(), factory);
    }

    // The recovery variants write their input themselves at the latency rate.
    private static Spec recovery(String name, Supplier<Variant> factory) {
        return new Spec(name, Input.LATENCY, Check.KEY_COUNTS, 0, List.of(), factory);
    }

    // Created by FlinkVariantMain in a JVM on the benchmarks-flink class path.
    private static Spec flink(String name, Input input, Check check, long stateKeys) {
        return new Spec(name, input, check, stateKeys, List.of(), ClassPath.FLINK, null);
    }
}
