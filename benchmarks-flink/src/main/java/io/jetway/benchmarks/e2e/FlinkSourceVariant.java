package io.jetway.benchmarks.e2e;

import org.apache.flink.api.common.JobID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code flink-source}, the Flink peer of {@code jetway-source-*}: Flink's {@code KafkaSource} parsing each
 * value as a Protobuf {@code Event} ({@link FlinkEventDeserializer}) into a counting sink chained to it
 * ({@link FlinkCountingSink}), parallelism 2, on an embedded {@link FlinkCluster} in this JVM, no checkpoints
 * (the Jetway source job takes no snapshots either). Each pass is a new job reading the whole input (bounded
 * at its end offsets); whole passes warm up, then one is measured ({@link Passes#warmUpThenMeasure}):
 * records per second from the first to the last record at the sink.
 */
final class FlinkSourceVariant implements Variant {

    private FlinkCluster cluster;
    private int pass;

    @Override
    public Measurement run(VariantSettings s) throws Exception {
        cluster = FlinkCluster.start(FlinkConfig.stateless());
        return Passes.warmUpThenMeasure(s, () -> readAll(s));
    }

    private Measurement readAll(VariantSettings s) throws Exception {
        String name = s.variant() + "-" + System.currentTimeMillis() + "-" + pass++;
        StreamExecutionEnvironment env = cluster.environment();
        FlinkJobs.readAll(env, s.bootstrap(), s.topic(), name);
        FlinkCountingSink.PROGRESS.reset();
        JobID job = cluster.submit(env, name, null);
        try {
            cluster.await(job, () -> FlinkCountingSink.PROGRESS.count() >= s.records(), s.records() + " records read");
        } finally {
            cluster.cancel(job);
        }
        return FlinkCountingSink.PROGRESS.throughput(s.variant());
    }

    @Override
    public void close() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }
}
