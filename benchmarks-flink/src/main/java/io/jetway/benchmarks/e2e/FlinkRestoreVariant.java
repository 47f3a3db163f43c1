package io.jetway.benchmarks.e2e;

import io.jetway.benchmarks.Checksums;
import io.jetway.benchmarks.Events;
import org.apache.flink.api.common.JobID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code flink-restore-<keys>}, the Flink peer of {@code state-changelog-<keys>}'s restore: Flink's keyed count
 * ({@link FlinkJobs#probedCount}, {@code hashmap} backend with the changelog on, checkpoint every
 * {@code snapshotIntervalMs}, retained on cancellation) counts an input with one record per key, so its state
 * holds {@code keys} keys; once all are counted a checkpoint is taken and the job cancelled, and a new job
 * starts from that checkpoint (claiming it), as a restarted job would. With a warm-up the first new job only
 * warms up (it takes a checkpoint of its own and is cancelled, and the measured job starts from that one).
 *
 * <p>The restore time ({@code restore_ms}) is Flink's own measurement of it, from the {@code JobInitialization}
 * span ({@link FlinkInitSpans}): the longest subtask's state initialisation ({@code InitializeStateDurationMs}:
 * building its keyed state backend from the checkpoint, i.e. reading the changelog and applying it, then
 * opening its operators), the subtasks restoring in parallel. It matches what Jetway's {@code restore_ms}
 * measures, the longest processor's backend restore (from the start of reading its changelog until the state
 * is in place); neither includes scheduling the job. {@code restore_job_ms} adds the deployment: from the
 * JobMaster handing the checkpoint to the tasks until the last subtask is initialised; and
 * {@code restore_from_submit_ms} runs from the submission of the new job to that point.
 *
 * <p>After the restore a probe record on the count's broadcast input makes every subtask read its state back
 * ({@link FlinkProbedCount}); the sum of the counts and of {@code c(c+1)/2} are what this variant reports to
 * the driver's check ({@link Check#KEY_COUNTS} over the final counts): the restored state must be the
 * counted one.
 */
final class FlinkRestoreVariant implements Variant {

    private static final Duration SPAN_TIMEOUT = Duration.ofMinutes(15);

    private FlinkWorkDir dir;
    private FlinkCluster cluster;
    private Admin admin;
    private String probeTopic;

    @Override
    public Measurement run(VariantSettings s) throws Exception {
        dir = FlinkWorkDir.create("jetway-bench-flink-restore-");
        cluster = FlinkCluster.start(FlinkConfig.retained("changelog", dir.path(), s.snapshotIntervalMs()));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrap()));
        String name = s.variant() + "-" + System.currentTimeMillis();
        probeTopic = name + "-probe";
        admin.createTopics(List.of(new NewTopic(probeTopic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);

        String checkpoint = countAndCheckpoint(s, name);
        if (s.warmupSeconds() > 0) {
            JobID warm = submit(s, name, "-warm-up", checkpoint);
            System.err.println(name + ": warm-up restore " + FlinkInitSpans.await(warm.toString(), SPAN_TIMEOUT,
                    () -> cluster.running(warm)));
            checkpoint = cluster.checkpoint(warm);
            cluster.cancel(warm);
        }
        long submittedMs = System.currentTimeMillis();
        JobID restored = submit(s, name, "-restored", checkpoint);
        FlinkInitSpans.Initialization init = FlinkInitSpans.await(restored.toString(), SPAN_TIMEOUT,
                () -> cluster.running(restored));
        System.err.println(name + ": measured restore " + init);
        long[] state = readStateBack(s, restored);
        cluster.cancel(restored);
        return new Measurement(s.variant(), state[0], state[1], List.of(
                new Measurement.Metric("restore_ms", "ms", init.maxInitializeStateMs()),
                new Measurement.Metric("restore_job_ms", "ms", init.totalMs()),
                new Measurement.Metric("restore_from_submit_ms", "ms", init.endMs() - submittedMs)));
    }

    // Counts the whole input, checks what the sink saw, and returns the path of a checkpoint taken after.
    private String countAndCheckpoint(VariantSettings s, String name) throws Exception {
        FlinkProgress sink = FlinkCountingSink.PROGRESS;
        sink.reset();
        JobID first = submit(s, name, "", null);
        try {
            cluster.await(first, () -> sink.count() >= s.records(), s.records() + " records counted");
            long expected = Checksums.keyCounts(s.records(), s.keys());
            if (sink.count() != s.records() || sink.checksum() != expected) {
                throw new IllegalStateException("the count emitted " + sink.count() + " counts adding up to "
                        + sink.checksum() + "; the input needs " + s.records() + " adding up to " + expected);
            }
            // The sink has every count: the checkpoint's barrier comes after all of them, the state is complete.
            return cluster.checkpoint(first);
        } finally {
            cluster.cancel(first);
        }
    }

    // {sum of the counts, sum of c(c+1)/2} over the keys of the restored job's state.
    private long[] readStateBack(VariantSettings s, JobID job) throws Exception {
        FlinkProgress probe = FlinkProbedCount.PROBE;
        probe.reset();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrap()), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(probeTopic, Events.bytes(0, 1, 0, 0))).get(30, TimeUnit.SECONDS);
        }
        cluster.await(job, () -> probe.subtasksPublished() == FlinkConfig.PARALLELISM,
                "every count subtask to read its restored state back");
        return new long[] {probe.count(), probe.checksum()};
    }

    // The same job each time (the same uids and group), so that each one can start from the last one's checkpoint.
    private JobID submit(VariantSettings s, String name, String suffix, String checkpoint) throws Exception {
        StreamExecutionEnvironment env = cluster.environment();
        FlinkJobs.probedCount(env, s.bootstrap(), s.topic(), name, probeTopic);
        return cluster.submit(env, name + suffix, checkpoint);
    }

    @Override
    public void close() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (admin != null) {
            admin.deleteTopics(List.of(probeTopic)).all().get(60, TimeUnit.SECONDS);
            admin.close();
        }
        if (dir != null) {
            dir.close();
        }
    }
}
