package io.jetway.benchmarks.e2e;

import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code recovery-flink-eos}: Flink's exactly-once count to Kafka ({@link FlinkJobs#countToKafka}, every update out,
 * as {@code flink-count-hashmap-eos}: {@code hashmap} backend, aligned exactly-once checkpoints every
 * {@code snapshotIntervalMs} to a local directory) on a {@link FlinkStandaloneCluster} of child JVMs (a JobManager
 * and 2 TaskManagers, one subtask on each), heartbeats every {@value RecoveryRun#HEARTBEAT_INTERVAL_SECONDS} s and a
 * TaskManager lost after {@value RecoveryRun#FAILURE_TIMEOUT_SECONDS} s, and the restart strategy Flink uses by
 * default with checkpoints ({@code exponential-delay}, first restart after about 1 s). {@link RecoveryRun} drives
 * the load and kills the second TaskManager's JVM with SIGKILL; the job then runs both subtasks on the survivor.
 * {@code detection_ms}: from the kill until the JobMaster stopped a task ({@link FlinkJobWatch}, polled every
 * 20 ms); {@code running_again_ms}: until every task runs again, restored from the last checkpoint.
 */
final class FlinkRecoveryVariant implements Variant {

    private static final long TIMEOUT_NS = TimeUnit.MINUTES.toNanos(2);

    private FlinkWorkDir dir;
    private FlinkStandaloneCluster cluster;
    private FlinkJobWatch watch;
    private JobClient job;
    private CountOutput output;

    @Override
    public Measurement run(VariantSettings s) throws Exception {
        String name = s.variant() + "-" + System.currentTimeMillis();
        dir = FlinkWorkDir.create("jetway-bench-flink-recovery-");
        cluster = FlinkStandaloneCluster.start(dir.path(), name, RecoveryRun.HEARTBEAT_INTERVAL_SECONDS,
                RecoveryRun.FAILURE_TIMEOUT_SECONDS);
        output = new CountOutput(s.bootstrap());
        String topic = output.newTopic(name);
        Configuration config = FlinkConfig.checkpointed("hashmap", dir.path(), s.snapshotIntervalMs());
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        job = cluster.submit(config, name, env -> FlinkJobs.countToKafka(env, s.bootstrap(), s.topic(), name, topic,
                name));
        JobID id = job.getJobID();
        awaitAllRunning(id);
        watch = new FlinkJobWatch(cluster, id);
        return RecoveryRun.measure(s, topic, watch::alive, () -> {
            long killNs = cluster.killTaskManager(FlinkStandaloneCluster.TASK_MANAGERS - 1);
            watch.killed(killNs);
            return killNs;
        }, killNs -> List.of(new Measurement.Metric("detection_ms", "ms", (watch.reactedNs() - killNs) / 1e6),
                new Measurement.Metric("running_again_ms", "ms", (watch.runningAgainNs() - killNs) / 1e6)));
    }

    private void awaitAllRunning(JobID id) throws Exception {
        long start = System.nanoTime();
        FlinkStandaloneCluster.JobState state = cluster.state(id);
        while (!state.allTasksRunning()) {
            if (state.ended() || System.nanoTime() - start > TIMEOUT_NS) {
                throw new IllegalStateException("Flink job " + id + " is " + state.state() + ", not all tasks running");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            state = cluster.state(id);
        }
    }

    @Override
    public void close() throws Exception {
        if (watch != null) {
            watch.close();
        }
        if (job != null) {
            try {
                job.cancel().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("Cancel of Flink job " + job.getJobID() + ": " + e);   // it may have ended
            }
        }
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
