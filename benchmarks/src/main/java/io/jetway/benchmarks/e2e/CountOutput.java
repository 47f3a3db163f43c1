package io.jetway.benchmarks.e2e;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The output side of the counts that write every count to Kafka exactly once (Jetway, Kafka Streams, Flink),
 * so that all are timed alike: a new output topic per pass ({@link #newTopic}), then, from the count's start,
 * a {@code read_committed} reader follows it, as a downstream consumer would, until every key's last count
 * equals its number of input events ({@link FinalCounts}). Reported: {@code jvm_cpu_per_record} = CPU time of the
 * variant's JVM (the engine and the reader; the broker runs in the driver's) from the start of the read until
 * then, per input record; {@code committed_throughput} = input
 * records / time from the start (job submission, {@code KafkaStreams.start()}) until then, and
 * {@code output_records}, what the reader read (fewer than the input when the output is coalesced).
 */
final class CountOutput implements AutoCloseable {

    /** Partitions of each output topic. */
    static final int PARTITIONS = 4;
    private static final Duration TIMEOUT = Duration.ofMinutes(15);

    private final Admin admin;
    private final List<String> topics = new ArrayList<>();

    CountOutput(String bootstrap) {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    /** Creates {@code <name>-out} and returns its name. */
    String newTopic(String name) throws Exception {
        String topic = name + "-out";
        admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
        topics.add(topic);
        return topic;
    }

    /**
     * Reads {@code topic} until every key has its final count and returns the verified measurement:
     * records = the sum of the final counts, checksum {@link Check#KEY_COUNTS} over them, then
     * {@code committed_throughput}, {@code output_records} and {@code extra}.
     *
     * @param startNs     {@code System.nanoTime()} right before the count was started
     * @param writerAlive false once the count has failed or ended
     */
    static Measurement awaitFinalCounts(VariantSettings s, String topic, long startNs, BooleanSupplier writerAlive,
                                        List<Measurement.Metric> extra) {
        FinalCounts seen = new FinalCounts(s.records(), s.keys());
        long cpuStartNs = processCpuNanos();
        long doneNs = OutputReadBack.readUntil(s.bootstrap(), topic, PARTITIONS, seen, seen::complete,
                "every key's final count", writerAlive, TIMEOUT);
        seen.verify(topic);
        List<Measurement.Metric> metrics = new ArrayList<>();
        double committed = s.records() * 1e9 / (doneNs - startNs);
        metrics.add(new Measurement.Metric("committed_throughput", "records/s", committed));
        metrics.add(new Measurement.Metric("output_records", "records", seen.records()));
        metrics.add(new Measurement.Metric("jvm_cpu_per_record", "ns", (processCpuNanos() - cpuStartNs)
                / (double) s.records()));
        metrics.addAll(extra);
        System.err.printf(Locale.ROOT, "%s: %,d output records for %,d input records%n", s.variant(),
                seen.records(), s.records());
        return new Measurement(s.variant(), seen.finalSum(), seen.checksum(), metrics);
    }

    // CPU time of this JVM: the engine (embedded) and the reader, not the broker (the driver's JVM)
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    @Override
    public void close() throws Exception {
        try {
            if (!topics.isEmpty()) {
                admin.deleteTopics(topics).all().get(60, TimeUnit.SECONDS);
            }
        } finally {
            admin.close();
        }
    }
}
