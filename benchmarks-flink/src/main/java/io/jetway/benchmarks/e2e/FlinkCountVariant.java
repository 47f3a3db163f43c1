package io.jetway.benchmarks.e2e;

import org.apache.flink.api.common.JobID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code flink-count-hashmap-eos} and {@code flink-count-changelog-eos}: Flink's exactly-once keyed running
 * count ({@link FlinkJobs#countToKafka}: {@code KafkaSource} → key → {@code keyBy} → {@code ValueState<Long>}
 * count → {@code KafkaSink} with {@code EXACTLY_ONCE}, a new output topic and transactional id prefix per
 * pass) on an embedded {@link FlinkCluster}, checkpoint every {@code snapshotIntervalMs}, with the
 * {@code hashmap} backend or with the changelog on ({@link FlinkConfig}). Whole passes until the warm-up time
 * is over, then one measured pass ({@link Passes#measureWholePass}), as the other counts with an output topic.
 * Two figures:
 * <ul>
 *     <li>{@code committed_throughput}: input records / time from the job's submission until a
 *     {@code read_committed} reader has every key's final count ({@link CountOutput}, as Jetway's and Kafka
 *     Streams' counts with an output are timed), with {@code output_records};</li>
 *     <li>{@code throughput}: records through the count, from its first to its last record.</li>
 * </ul>
 */
final class FlinkCountVariant implements Variant {

    private final String backend;
    private FlinkWorkDir dir;
    private FlinkCluster cluster;
    private CountOutput output;
    private int pass;

    /** @param backend {@code hashmap} or {@code changelog} */
    FlinkCountVariant(String backend) {
        this.backend = backend;
    }

    @Override
    public Measurement run(VariantSettings s) throws Exception {
        dir = FlinkWorkDir.create("jetway-bench-flink-");
        cluster = FlinkCluster.start(FlinkConfig.checkpointed(backend, dir.path(), s.snapshotIntervalMs()));
        output = new CountOutput(s.bootstrap());
        return Passes.measureWholePass(s, () -> count(s));
    }

    private Measurement count(VariantSettings s) throws Exception {
        String name = s.variant() + "-" + System.currentTimeMillis() + "-" + pass++;
        String topic = output.newTopic(name);
        StreamExecutionEnvironment env = cluster.environment();
        FlinkJobs.countToKafka(env, s.bootstrap(), s.topic(), name, topic, name);
        FlinkProgress progress = FlinkKeyedCount.PROGRESS;
        progress.reset();
        long submittedNs = System.nanoTime();
        JobID job = cluster.submit(env, name, null);
        try {
            Measurement m;
            try {
                m = CountOutput.awaitFinalCounts(s, topic, submittedNs, () -> cluster.running(job), List.of());
            } catch (IllegalStateException e) {
                throw new IllegalStateException(e.getMessage() + "; Flink job " + cluster.describe(job), e);
            }
            cluster.await(job, () -> progress.count() >= s.records(), s.records() + " records counted");
            double rate = (progress.count() - 1) * 1e9 / (progress.lastNs() - progress.firstNs());
            List<Measurement.Metric> metrics = new ArrayList<>(m.metrics());
            metrics.add(new Measurement.Metric("throughput", "records/s", rate));
            return new Measurement(m.variant(), m.records(), m.checksum(), metrics);
        } finally {
            cluster.cancel(job);
        }
    }

    @Override
    public void close() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (output != null) {
            output.close();
        }
        if (dir != null) {
            dir.close();
        }
    }
}
