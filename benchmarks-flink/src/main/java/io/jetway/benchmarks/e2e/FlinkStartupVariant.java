package io.jetway.benchmarks.e2e;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code startup-flink-eos}: the start and cancel of {@code StartupVariant}, timed by the same
 * {@link StartupWatch}, for Flink: its exactly-once count ({@link FlinkJobs#countToKafka}: {@code KafkaSource}
 * → {@code keyBy} → {@code ValueState} count → {@code KafkaSink} {@code EXACTLY_ONCE}, every update out) with
 * the {@code hashmap} backend, checkpoint every {@code snapshotIntervalMs}, on an embedded {@link FlinkCluster}
 * (parallelism {@value FlinkConfig#PARALLELISM}) that already ran one (the warm-up). Each pass a new job, output
 * topic, group and transactional id prefix; {@code first_output_ms} from the submission, the cancel is
 * {@link FlinkCluster#cancel} ({@code cancelJob}, then the job's result): {@code cancel_ms} until the job is
 * {@code CANCELED}, {@code cancel_closed_ms} until, in addition, the MiniCluster's Kafka clients (source
 * readers' consumers, the enumerator's admin client, the sink's producers) have left the JVM's MBeans.
 */
final class FlinkStartupVariant implements Variant {

    private FlinkWorkDir dir;
    private FlinkCluster cluster;
    private StartupWatch watch;
    private int pass;

    @Override
    public Measurement run(VariantSettings s) throws Exception {
        dir = FlinkWorkDir.create("jetway-bench-flink-startup-");
        cluster = FlinkCluster.start(FlinkConfig.checkpointed("hashmap", dir.path(), s.snapshotIntervalMs()));
        watch = new StartupWatch(s);
        return Passes.warmUpThenMeasure(s, () -> startAndCancel(s));
    }

    private Measurement startAndCancel(VariantSettings s) throws Exception {
        String name = s.variant() + "-" + System.currentTimeMillis() + "-" + pass++;
        String output = watch.newOutput(name);
        StreamExecutionEnvironment env = cluster.environment();
        FlinkJobs.countToKafka(env, s.bootstrap(), s.topic(), name, output, name);
        return watch.startAndCancel(name, output, () -> () -> {
            JobID job = cluster.submit(env, name, null);
            return new StartupWatch.Running() {
                @Override
                public boolean ended() {
                    return !cluster.running(job);
                }

                @Override
                public String status() throws Exception {
                    JobStatus status = cluster.status(job);
                    return "Flink job " + (status == JobStatus.FAILED ? cluster.describe(job) : job + " " + status);
                }

                @Override
                public void cancel() throws Exception {
                    cluster.cancel(job);
                }
            };
        });
    }

    @Override
    public void close() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (watch != null) {
            watch.close();
        }
        if (dir != null) {
            dir.close();
        }
    }
}
