package io.jetway.benchmarks.e2e;

import io.jetway.benchmarks.report.Ratio;
import io.jetway.benchmarks.report.Series;
import io.jetway.benchmarks.report.Stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The figures the README cites, from one run's measurements: ratios taken run by run (names as in issue 7
 * and DESIGN.md's targets), the series by state size, and a "not measured" reason for each figure whose
 * inputs are missing.
 */
final class Figures {

    private final RunLog log;
    private final List<Stats> jmh;
    private final List<Long> stateKeys;
    private final List<Ratio> ratios = new ArrayList<>();

    private Figures(RunLog log, List<Stats> jmh, List<Long> stateKeys) {
        this.log = log;
        this.jmh = jmh;
        this.stateKeys = stateKeys.stream().sorted().toList();
    }

    /** The ratios and single figures, in the order the README lists them. */
    static List<Ratio> ratios(RunLog log, List<Stats> jmh, List<Long> stateKeys) {
        return new Figures(log, jmh, stateKeys).computeRatios();
    }

    private List<Ratio> computeRatios() {
        ratio("source_vs_bare_consumer", "Jetway source + Protobuf decode (1 member) / bare KafkaConsumer loop "
                + "without decode, records/s", ">= 0.95", "jetway-source-1m.throughput", "bare-consumer.throughput");
        ratio("source_vs_bare_consumer_same_socket_buffer", "Jetway source + Protobuf decode (1 member) / bare loop "
                + "without decode, both with receive.buffer.bytes=-1 (the source's default)", null,
                "jetway-source-1m.throughput", "bare-consumer-rcvbuf.throughput");
        ratio("source_vs_bare_consumer_decode", "Jetway source + Protobuf decode (1 member) / bare loop parsing "
                + "Protobuf on its one thread", null, "jetway-source-1m.throughput", "bare-consumer-protobuf.throughput");
        ratio("source_vs_equal_threads_decode_loop", "Jetway source + Protobuf decode (1 member) / bare loops parsing "
                + "Protobuf on as many threads as the source has processors on the member, each with its own "
                + "KafkaConsumer and a disjoint share of the partitions, receive.buffer.bytes=-1 as the source",
                ">= 0.95", "jetway-source-1m.throughput", "bare-consumer-protobuf-threads.throughput");
        ratio("source_vs_stock_default", "Jetway source / stock KafkaSources.kafka, default idle settings (both "
                + "decode Protobuf)", ">= 8", "jetway-source-1m.throughput", "stock-source-default.throughput");
        ratio("source_vs_stock_tuned", "Jetway source / stock KafkaSources.kafka with "
                + "hazelcast.jet.idle.noncooperative.max.microseconds=100", ">= 1.15", "jetway-source-1m.throughput",
                "stock-source-tuned.throughput");
        ratio("source_2m_vs_bare_consumer", "Jetway source + Protobuf decode on 2 members (one JVM, same 2 cores) / "
                + "bare loop without decode", null, "jetway-source-2m.throughput", "bare-consumer.throughput");
        snapshotRatios();
        restoreVsBare();
        ratio("restore_vs_bare_consumer_count_job", "kafka-changelog restore / bare consumer reading the same "
                + "changelog, records/s, changelog of the exactly-once count job (each changed key's newest value "
                + "per snapshot epoch)",
                ">= 0.8", "count-changelog-eos.restore_rate", "count-changelog-eos.changelog_read_rate");
        ratio("eos_vs_alo_sink", "exactly-once Kafka sink / at-least-once sink, source → sink copying the input, "
                + "records / time from job submission until all are visible to read_committed readers, snapshot "
                + "interval as set (1 s by default)", ">= 0.95",
                "sink-eos.throughput", "sink-alo.throughput");
        equalWork();
        ratio("eos_count_vs_kafka_streams", "processing only (counts kept in memory): exactly-once keyed count, "
                + "records/s through the count: kafka-changelog state fused into the source (aligned mode: the input "
                + "is keyed by the count's key, so no shuffle, the topology of Kafka Streams' groupByKey().count() on "
                + "it) / Kafka Streams exactly_once_v2, same commit interval; neither writes an output topic", null,
                "count-changelog-aligned-eos.throughput", "kstreams-count-eos.throughput");
        ratio("eos_count_keyed_edge_vs_kafka_streams", "processing only (counts kept in memory): the same, the count "
                + "behind Jet's keyed edge (a shuffle through Jet's queues, 271 state partitions) / Kafka Streams",
                null, "count-changelog-eos.throughput", "kstreams-count-eos.throughput");
        ratio("restore_vs_kafka_streams", "restore speed-up over Kafka Streams: time Kafka Streams takes to restore "
                + "its in-memory store / time the aligned kafka-changelog count takes, the same state (the keys "
                + "after the same input), each from its own changelog", ">= 1.5", "kstreams-count-eos.restore_ms",
                "count-changelog-aligned-eos.restore_ms");
        ratio("restore_keyed_edge_vs_kafka_streams", "the same, the count behind Jet's keyed edge", null,
                "kstreams-count-eos.restore_ms", "count-changelog-eos.restore_ms");
        ratio("restore_rate_vs_kafka_streams", "aligned kafka-changelog restore rate / Kafka Streams restore rate, "
                + "records/s (each changelog holds a different number of records for the same state)", null,
                "count-changelog-aligned-eos.restore_rate", "kstreams-count-eos.restore_rate");
        ratio("changelog_count_vs_heap_count", "exactly-once keyed count throughput, kafka-changelog / heap backend",
                null, "count-changelog-eos.throughput", "count-heap-eos.throughput");
        flink();
        allocation();
        startup();
        recovery();
        for (String backend : List.of("changelog", "heap")) {
            String variant = "latency-" + backend + "-eos";
            for (String p : List.of("p50", "p99", "p999")) {
                Stats s = log.stats(variant + ".latency_" + p);
                String name = "latency_" + p + "_ms" + (backend.equals("heap") ? "_heap" : "");
                String description = "end-to-end latency " + p + " (ms) at a fixed rate, source → exactly-once count ("
                        + (backend.equals("heap") ? "heap" : "kafka-changelog") + " backend) → in-JVM sink";
                ratios.add(s != null ? Ratio.measured(name, description, rename(s, name, "ms"), null)
                        : Ratio.notMeasured(name, description, null, reason(variant)));
            }
        }
        return ratios;
    }

    // Flink 2.2 on an embedded MiniCluster, parallelism 2, the same input and JVM settings.
    private void flink() {
        ratio("source_vs_flink", "Jetway source + Protobuf decode (1 member) / Flink KafkaSource parsing the same "
                + "Protobuf events into a counting sink (parallelism 2, no checkpoints), records/s from the first to "
                + "the last record", null, "jetway-source-1m.throughput", "flink-source.throughput");
        ratio("eos_count_vs_flink_changelog", "processing only (Jetway's counts kept in memory): exactly-once keyed "
                + "count, records/s through the count: Jetway, kafka-changelog state behind Jet's keyed edge / Flink, "
                + "keyBy -> ValueState count with state.changelog.enabled, which also writes every count to Kafka "
                + "exactly once (work the Jetway job does not do; for equal work see eos_count_equal_work_vs_flink_"
                + "changelog)", null, "count-changelog-eos.throughput", "flink-count-changelog-eos.throughput");
        ratio("eos_count_heap_vs_flink_hashmap", "processing only (Jetway's counts kept in memory): the same with "
                + "Jetway's heap backend / Flink's hashmap backend without the changelog (Flink again writing its "
                + "counts to Kafka)", null, "count-heap-eos.throughput", "flink-count-hashmap-eos.throughput");
        for (int i = stateKeys.size() - 1; i >= 0; i--) {
            long keys = stateKeys.get(i);
            String jetway = Variants.state("changelog", keys) + ".restore_ms";
            String flink = Variants.flinkRestore(keys) + ".restore_ms";
            Stats s = log.ratio("restore_vs_flink", flink, jetway);
            if (s != null) {
                ratios.add(Ratio.measured("restore_vs_flink", restoreVsFlink(keys(keys) + " keys"), s, ">= 1"));
                return;
            }
        }
        long largest = stateKeys.isEmpty() ? 0 : stateKeys.get(stateKeys.size() - 1);
        String missing = log.stats(Variants.state("changelog", largest) + ".restore_ms") == null
                ? Variants.state("changelog", largest) : Variants.flinkRestore(largest);
        ratios.add(Ratio.notMeasured("restore_vs_flink", restoreVsFlink("the same key count"), ">= 1",
                "no key count measured by both state-changelog-<keys> and flink-restore-<keys>: " + reason(missing)));
    }

    // Every engine writes its counts to an output topic exactly once, timed alike (CountOutput).
    private void equalWork() {
        String timed = "; committed_throughput = input records / time from the start (job submission, "
                + "KafkaStreams.start()) until a read_committed reader of the output has every key's final count; "
                + "kafka-changelog state, snapshot interval = commit interval = checkpoint interval";
        ratio("eos_count_equal_work_vs_kafka_streams", "equal work: both write counts to Kafka exactly once, every "
                + "update: Jetway aligned kafka-changelog count -> Jetway exactly-once Kafka sink / Kafka Streams "
                + "exactly_once_v2 groupByKey().count().toStream().to() with statestore.cache.max.bytes=0" + timed,
                ">= 1.5", "count-changelog-aligned-eos-kafka.committed_throughput",
                "kstreams-count-eos-kafka.committed_throughput");
        ratio("eos_count_equal_work_newest_vs_kafka_streams", "equal work: both write counts to Kafka exactly once, "
                + "each changed key's newest count per commit: Jetway aligned kafka-changelog count with "
                + "OutputMode.NEWEST_PER_SNAPSHOT / Kafka Streams exactly_once_v2 with its default record cache"
                + timed,
                ">= 3", "count-changelog-aligned-eos-kafka-newest.committed_throughput",
                "kstreams-count-eos-kafka-cached.committed_throughput");
        ratio("eos_count_equal_work_keyed_edge_vs_kafka_streams", "equal work: both write counts to Kafka exactly "
                + "once, every update: Jetway's count behind the keyed edge (a shuffle) / Kafka Streams without cache"
                + timed, null, "count-changelog-eos-kafka.committed_throughput",
                "kstreams-count-eos-kafka.committed_throughput");
        ratio("eos_count_equal_work_keyed_edge_newest_vs_kafka_streams", "equal work: both write counts to Kafka "
                + "exactly once, newest per commit: Jetway's count behind the keyed edge with NEWEST_PER_SNAPSHOT / "
                + "Kafka Streams with its record cache" + timed, null,
                "count-changelog-eos-kafka-newest.committed_throughput",
                "kstreams-count-eos-kafka-cached.committed_throughput");
        ratio("eos_count_equal_work_vs_flink_changelog", "equal work: both write counts to Kafka exactly once, every "
                + "update (Flink's KafkaSink EXACTLY_ONCE writes every count): Jetway aligned kafka-changelog count "
                + "(its best mode for a keyed input: no shuffle; Flink's keyBy always shuffles) / Flink keyBy -> "
                + "ValueState count with state.changelog.enabled" + timed, ">= 1.5",
                "count-changelog-aligned-eos-kafka.committed_throughput",
                "flink-count-changelog-eos.committed_throughput");
        ratio("eos_count_equal_work_keyed_edge_vs_flink_changelog", "equal work: both write counts to Kafka exactly "
                + "once, every update, both shuffling: Jetway's count behind the keyed edge / Flink changelog" + timed,
                null, "count-changelog-eos-kafka.committed_throughput",
                "flink-count-changelog-eos.committed_throughput");
    }

    private static String restoreVsFlink(String keys) {
        return "restore speed-up over Flink, the same state (" + keys + ", one input record per key): Flink's "
                + "longest subtask state initialisation from a retained checkpoint (InitializeStateDurationMs; hashmap "
                + "+ changelog, i.e. replaying the changelog) / the kafka-changelog backend's longest processor restore "
                + "from its changelog; neither includes scheduling the job";
    }

    // Start and cancel on 3 members: ratios to the stock connector and the peers (Kafka Streams, Flink) run by run,
    // and the absolute first-output and cancel times.
    private void startup() {
        String what = "an exactly-once Kafka -> keyed running count -> Kafka job on 3 members (one JVM), from newJob "
                + "until the first output record is visible to a read_committed reader";
        ratio("first_output_changelog_vs_stock", "time to first committed output, Jetway (aligned kafka-changelog "
                + "state, Jetway sink) / stock connector (KafkaSources.kafka -> rollingAggregate -> KafkaSinks.kafka), "
                + what, "<= 2", "startup-changelog-eos.first_output_ms", "startup-stock-eos.first_output_ms");
        ratio("first_output_heap_vs_stock", "the same with Jetway's heap backend / stock connector", "<= 2",
                "startup-heap-eos.first_output_ms", "startup-stock-eos.first_output_ms");
        ratio("startup_first_output_vs_kafka_streams", "time to first committed output, Jetway (aligned "
                + "kafka-changelog state, Jetway sink, 3 members) / Kafka Streams exactly_once_v2 (one instance, "
                + KafkaStreamsStartupVariant.THREADS + " stream threads, from KafkaStreams.start()), the same count, "
                + "input and output", null, "startup-changelog-eos.first_output_ms",
                "startup-kstreams-eos.first_output_ms");
        ratio("startup_first_output_vs_flink", "time to first committed output, Jetway (aligned kafka-changelog "
                + "state, 3 members) / Flink (KafkaSource -> keyBy -> ValueState count -> KafkaSink EXACTLY_ONCE, "
                + "hashmap backend, embedded MiniCluster, from job submission), the same count, input and output",
                null, "startup-changelog-eos.first_output_ms", "startup-flink-eos.first_output_ms");
        List<String> variants = new ArrayList<>(Variants.STARTUP);
        variants.addAll(Variants.STARTUP_PEERS);
        for (String variant : variants) {
            for (String metric : List.of("first_output_ms", "cancel_ms", "cancel_closed_ms")) {
                boolean jet = Variants.STARTUP.contains(variant);
                if (metric.equals("cancel_ms") && jet) {
                    continue;                   // the figures the README cited before the peers came
                }
                String name = variant.replace("-eos", "").replace('-', '_') + "_" + metric;
                String description = switch (metric) {
                    case "first_output_ms" -> variant + ": time to first committed output (ms), " + (jet ? what
                            : "the same count from " + (variant.contains("kstreams") ? "KafkaStreams.start()"
                            : "the Flink job's submission") + " until the first output record is visible to a "
                            + "read_committed reader");
                    case "cancel_ms" -> variant + ": time from the cancel (Kafka Streams: close(Duration), Flink: "
                            + "cancelJob) until it has ended (Flink: CANCELED, Kafka Streams: close returned) (ms)";
                    default -> variant + ": time from the cancel (job.cancel(), KafkaStreams.close(Duration), Flink's "
                            + "cancelJob) until it has ended and every Kafka client of the job in the JVM is closed "
                            + "(app-info MBeans gone) (ms)";
                };
                String target = metric.equals("cancel_closed_ms") && jet && !variant.contains("stock") ? "<= 5000"
                        : null;
                Stats st = log.stats(variant + "." + metric);
                ratios.add(st != null ? Ratio.measured(name, description, rename(st, name, "ms"), target)
                        : Ratio.notMeasured(name, description, target, reason(variant)));
            }
        }
    }

    // Recovery after kill -9 at a steady rate: Jetway's resume time / its peers', run by run, and the absolute times.
    private void recovery() {
        String what = "time from kill -9 of one process until every output partition has delivered a committed count "
                + "of an input event produced after the kill, at a steady latency-rate events/s; Hazelcast heartbeat "
                + "1 s / member removed after 5 s silent, Kafka Streams heartbeat.interval.ms=1000 / "
                + "session.timeout.ms=5000";
        ratio("recovery_resume_vs_stock", "resume after kill -9, Jetway aligned kafka-changelog count / stock "
                + "connector, 3 members, one child-JVM member killed; " + what, "<= 0.5",
                "recovery-changelog-aligned-eos.resume_ms", "recovery-stock-eos.resume_ms");
        ratio("recovery_resume_vs_kafka_streams", "resume after kill -9, Jetway aligned (3 members, one killed) / "
                + "Kafka Streams exactly_once_v2 (2 instances, one killed); " + what, "<= 0.5",
                "recovery-changelog-aligned-eos.resume_ms", "recovery-kstreams-eos.resume_ms");
        ratio("recovery_resume_keyed_edge_vs_stock", "the same, Jetway's count behind the keyed edge / stock "
                + "connector", null, "recovery-changelog-eos.resume_ms", "recovery-stock-eos.resume_ms");
        ratio("recovery_resume_keyed_edge_vs_kafka_streams", "the same, Jetway's count behind the keyed edge / Kafka "
                + "Streams", null, "recovery-changelog-eos.resume_ms", "recovery-kstreams-eos.resume_ms");
        ratio("recovery_resume_vs_flink", "resume after kill -9, Jetway aligned (3 members, one killed) / Flink "
                + "exactly-once count, hashmap backend (standalone JobManager and 2 TaskManagers, one killed; "
                + "heartbeat.interval 1 s, heartbeat.timeout 5 s, exponential-delay restarts); " + what, null,
                "recovery-changelog-aligned-eos.resume_ms", "recovery-flink-eos.resume_ms");
        ratio("recovery_caught_up_vs_stock", "caught up after kill -9 (every output partition back to its "
                + "pre-failure p99 lag), Jetway aligned / stock connector", null,
                "recovery-changelog-aligned-eos.caught_up_ms", "recovery-stock-eos.caught_up_ms");
        ratio("recovery_caught_up_vs_kafka_streams", "caught up after kill -9, Jetway aligned / Kafka Streams", null,
                "recovery-changelog-aligned-eos.caught_up_ms", "recovery-kstreams-eos.caught_up_ms");
        for (String variant : Variants.RECOVERY) {
            for (String metric : List.of("resume_ms", "caught_up_ms")) {
                String name = variant.replace("-eos", "").replace('-', '_') + "_" + metric;
                String description = variant + ": " + (metric.equals("resume_ms") ? what
                        : "time from kill -9 until every output partition is back to its pre-failure p99 lag");
                Stats st = log.stats(variant + "." + metric);
                ratios.add(st != null ? Ratio.measured(name, description, rename(st, name, "ms"), null)
                        : Ratio.notMeasured(name, description, null, reason(variant)));
            }
        }
    }

    private void snapshotRatios() {
        Long both = null;
        Long smallest = null;
        Long largest = null;
        for (long keys : stateKeys) {
            boolean heap = log.stats(Variants.state("heap", keys) + ".snapshot_ms") != null;
            boolean changelog = log.stats(Variants.state("changelog", keys) + ".snapshot_ms") != null;
            if (heap && changelog) {
                both = keys;
            }
            if (changelog) {
                smallest = smallest == null ? keys : smallest;
                largest = keys;
            }
        }
        String maxKeys = stateKeys.isEmpty() ? "?" : keys(stateKeys.get(stateKeys.size() - 1));
        if (both != null) {
            ratios.add(withName(log.ratio("", Variants.state("heap", both) + ".snapshot_ms",
                    Variants.state("changelog", both) + ".snapshot_ms"), "changelog_vs_heap_snapshot_speedup",
                    "heap snapshot duration / kafka-changelog snapshot duration at " + keys(both) + " keys (the "
                            + "largest state both measured; DESIGN's target is at 10 M keys)", ">= 50"));
        } else {
            ratios.add(Ratio.notMeasured("changelog_vs_heap_snapshot_speedup", "heap / kafka-changelog snapshot "
                    + "duration", ">= 50", "no key count measured with both backends: "
                    + reason(Variants.state("heap", stateKeys.isEmpty() ? 0 : stateKeys.get(0)))));
        }
        if (smallest != null && !smallest.equals(largest)) {
            ratios.add(withName(log.ratio("", Variants.state("changelog", largest) + ".snapshot_ms",
                    Variants.state("changelog", smallest) + ".snapshot_ms"), "changelog_snapshot_growth",
                    "kafka-changelog snapshot duration at " + keys(largest) + " keys / at " + keys(smallest)
                            + " keys (DESIGN: flat; read here as at most 2x)", "<= 2"));
        } else {
            ratios.add(Ratio.notMeasured("changelog_snapshot_growth", "kafka-changelog snapshot duration, largest / "
                    + "smallest state (up to " + maxKeys + " keys)", "<= 2", "fewer than two key counts measured"));
        }
    }

    private void restoreVsBare() {
        for (int i = stateKeys.size() - 1; i >= 0; i--) {
            String v = Variants.state("changelog", stateKeys.get(i));
            Stats s = log.ratio("restore_vs_bare_consumer", v + ".restore_rate", v + ".changelog_read_rate");
            if (s != null) {
                ratios.add(Ratio.measured("restore_vs_bare_consumer", "kafka-changelog restore / one bare consumer "
                        + "reading the same changelog, records/s, at " + keys(stateKeys.get(i)) + " keys (one "
                        + "changelog record per key)", s, ">= 0.8"));
                return;
            }
        }
        ratios.add(Ratio.notMeasured("restore_vs_bare_consumer", "kafka-changelog restore / bare consumer, "
                + "records/s", ">= 0.8", "no state-changelog-<keys> variant measured its restore: "
                + reason(Variants.state("changelog", stateKeys.isEmpty() ? 0 : stateKeys.get(stateKeys.size() - 1)))));
    }

    private void allocation() {
        Stats constant = jmh("jmh.SourceHotPath.pollDecodeEmit[decoder=constant].alloc");
        String d1 = "bytes the source itself allocates per record (JMH -prof gc, pre-built batch, decoder returning "
                + "a shared item; Kafka's own ConsumerRecord excluded)";
        ratios.add(constant != null ? Ratio.measured("alloc_bytes_per_record_source", d1, rename(constant,
                "alloc_bytes_per_record_source", "B/record"), "<= 1")
                : Ratio.notMeasured("alloc_bytes_per_record_source", d1, "<= 1", "JMH SourceHotPath not run"));
        Stats full = jmh("jmh.SourceHotPath.pollDecodeEmit[decoder=protobuf].alloc");
        Stats decode = jmh("jmh.SourceHotPath.decodeOnly[decoder=protobuf].alloc");
        String d2 = "bytes per record of the source with the Protobuf decoder beyond what the decoder alone "
                + "allocates (the decoded message): target only the decoded object";
        if (full != null && decode != null) {
            double extra = full.median() - decode.median();
            ratios.add(Ratio.measured("alloc_bytes_per_record_source_beyond_decode", d2,
                    new Stats("alloc_bytes_per_record_source_beyond_decode", "B/record", extra,
                            full.min() - decode.max(), full.max() - decode.min(), new double[]{extra}), "<= 1"));
        } else {
            ratios.add(Ratio.notMeasured("alloc_bytes_per_record_source_beyond_decode", d2, "<= 1",
                    "JMH SourceHotPath with decoder=protobuf not run"));
        }
    }

    /** The series by state size. */
    static List<Series> series(RunLog log, List<Long> stateKeys) {
        List<Series> series = new ArrayList<>();
        for (String backend : List.of("heap", "changelog")) {
            series.add(series(log, stateKeys, backend + "_snapshot_ms_by_keys", "ms", backend, "snapshot_ms"));
        }
        for (String backend : List.of("heap", "changelog")) {
            series.add(series(log, stateKeys, backend + "_snapshot_bytes_by_keys", "bytes", backend, "snapshot_bytes"));
        }
        series.add(series(log, stateKeys, "changelog_restore_rate_by_keys", "records/s", "changelog", "restore_rate"));
        series.add(series(log, stateKeys, "changelog_bare_read_rate_by_keys", "records/s", "changelog",
                "changelog_read_rate"));
        SortedMap<Long, Stats> ratios = new TreeMap<>();
        SortedMap<Long, String> missing = new TreeMap<>();
        for (long keys : stateKeys) {
            String v = Variants.state("changelog", keys);
            Stats s = log.ratio("restore_vs_bare_consumer", v + ".restore_rate", v + ".changelog_read_rate");
            if (s != null) {
                ratios.put(keys, s);
            } else {
                missing.put(keys, reasonOf(log, v));
            }
        }
        series.add(new Series("restore_vs_bare_consumer_by_keys", "ratio", ratios, missing));
        return series;
    }

    private static Series series(RunLog log, List<Long> stateKeys, String name, String unit, String backend,
                                 String metric) {
        SortedMap<Long, Stats> values = new TreeMap<>();
        SortedMap<Long, String> missing = new TreeMap<>();
        for (long keys : stateKeys) {
            String variant = Variants.state(backend, keys);
            Stats s = log.stats(variant + "." + metric);
            if (s != null) {
                values.put(keys, s);
            } else {
                missing.put(keys, reasonOf(log, variant));
            }
        }
        return new Series(name, unit, values, missing);
    }

    private void ratio(String name, String description, String target, String numerator, String denominator) {
        Stats s = log.ratio(name, numerator, denominator);
        if (s != null) {
            ratios.add(Ratio.measured(name, description, s, target));
            return;
        }
        String variant = log.stats(numerator) == null ? numerator : denominator;
        ratios.add(Ratio.notMeasured(name, description, target, reason(variant.substring(0, variant.indexOf('.')))));
    }

    private Ratio withName(Stats s, String name, String description, String target) {
        return Ratio.measured(name, description, rename(s, name, "ratio"), target);
    }

    private String reason(String variant) {
        return reasonOf(log, variant);
    }

    private static String reasonOf(RunLog log, String variant) {
        String failure = log.failureOf(variant);
        if (failure == null) {
            return variant + " was not run (see --variants)";
        }
        return variant + (failure.startsWith("not run") ? " " : " failed: ") + failure;
    }

    private Stats jmh(String name) {
        for (Stats s : jmh) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    private static Stats rename(Stats s, String name, String unit) {
        return new Stats(name, unit, s.median(), s.min(), s.max(), s.runs());
    }

    private static String keys(long keys) {
        if (keys >= 1_000_000 && keys % 1_000_000 == 0) {
            return keys / 1_000_000 + " M";
        }
        if (keys >= 1_000 && keys % 1_000 == 0) {
            return keys / 1_000 + " k";
        }
        return String.format(Locale.ROOT, "%,d", keys);
    }
}
