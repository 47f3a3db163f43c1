package io.jetway.benchmarks.e2e;

import org.apache.flink.api.common.JobID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code flink-count-hashmap-eos} and {@code flink-count-changelog-eos}: Flink's exactly-once keyed running
 * count ({@link FlinkJobs#countToKafka}: {@code KafkaSource} → key → {@code keyBy} → {@code ValueState<Long>}
 * count → {@code KafkaSink} with {@code EXACTLY_ONCE}, a new output topic and transactional id prefix per
 * pass) on an embedded {@link FlinkCluster}, checkpoint every {@code snapshotIntervalMs}, with the
 * {@code hashmap} backend or with the changelog on ({@link FlinkConfig}). From the job's submission a
 * {@code read_committed} reader follows the output, as a downstream consumer would, until it has seen one
 * output record per input record, i.e. every key's final count. Two figures per measured pass:
 * <ul>
 *     <li>{@code throughput}: records through the count, from the end of the warm-up to the last record,
 *     within one pass when it is long enough ({@link Passes#warmUpWithinPass}), as the Jetway and Kafka
 *     Streams counts are timed;</li>
 *     <li>{@code committed_throughput}: the records divided by the time from the job's submission until the
 *     reader has seen all of them, which includes the job's start and the commit of its last checkpoint.</li>
 * </ul>
 * What the reader saw goes to the driver's check (the record count and the sum of the counts,
 * {@link Check#KEY_COUNTS}), and every key's last count must equal its number of input events
 * ({@link FinalCounts}).
 */
final class FlinkCountVariant implements Variant {

    private static final int OUTPUT_PARTITIONS = 4;
    private static final Duration TIMEOUT = Duration.ofMinutes(15);

    private final String backend;
    private final List<String> outputs = new ArrayList<>();
    private FlinkWorkDir dir;
    private FlinkCluster cluster;
    private Admin admin;
    private int pass;

    /** @param backend {@code hashmap} or {@code changelog} */
    FlinkCountVariant(String backend) {
        this.backend = backend;
    }

    @Override
    public Measurement run(VariantSettings s) throws Exception {
        dir = FlinkWorkDir.create("jetway-bench-flink-");
        cluster = FlinkCluster.start(FlinkConfig.checkpointed(backend, dir.path(), s.snapshotIntervalMs()));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrap()));
        return Passes.warmUpWithinPass(s, from -> count(s, from));
    }

    private Measurement count(VariantSettings s, long measureFromNs) throws Exception {
        String name = s.variant() + "-" + System.currentTimeMillis() + "-" + pass++;
        String output = name + "-out";
        admin.createTopics(List.of(new NewTopic(output, OUTPUT_PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
        outputs.add(output);
        StreamExecutionEnvironment env = cluster.environment();
        FlinkJobs.countToKafka(env, s.bootstrap(), s.topic(), name, output, name);
        FlinkProgress progress = FlinkKeyedCount.PROGRESS;
        progress.reset();
        FinalCounts seen = new FinalCounts();
        long submittedNs = System.nanoTime();
        JobID job = cluster.submit(env, name, null);
        double rate;
        long allSeenNs;
        try (RateWindow window = new RateWindow(progress::count, measureFromNs)) {
            try {
                allSeenNs = OutputReadBack.readUntil(s.bootstrap(), output, OUTPUT_PARTITIONS, s.records(), seen,
                        () -> cluster.running(job), TIMEOUT);
            } catch (IllegalStateException e) {
                throw new IllegalStateException(e.getMessage() + "; Flink job " + cluster.describe(job), e);
            }
            cluster.await(job, () -> progress.count() >= s.records(), s.records() + " records counted");
            rate = window.rate(progress.count(), progress.firstNs(), progress.lastNs());
        } finally {
            cluster.cancel(job);
        }
        if (rate < 0) {
            return null;                         // warm-up only: the driver runs another pass
        }
        seen.verify(output, s.records(), s.keys());
        return new Measurement(s.variant(), seen.records(), seen.sum(), List.of(
                new Measurement.Metric("throughput", "records/s", rate),
                new Measurement.Metric("committed_throughput", "records/s",
                        seen.records() * 1e9 / (allSeenNs - submittedNs))));
    }

    @Override
    public void close() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (admin != null) {
            admin.deleteTopics(outputs).all().get(60, TimeUnit.SECONDS);
            admin.close();
        }
        if (dir != null) {
            dir.close();
        }
    }
}
