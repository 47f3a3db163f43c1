package io.jetway.benchmarks.e2e;

import com.hazelcast.jet.Job;
import com.hazelcast.jet.config.JobConfig;
import io.jetway.state.StateConfig;
import io.jetway.testing.HazelcastCluster;

import java.util.List;

/**
 * Start and cancel of an exactly-once Kafka → keyed running count → Kafka job on 3 members (one JVM), snapshot
 * every {@code snapshotIntervalMs}, each pass a new job with new output and changelog topics on a cluster that
 * already ran one (the warm-up), timed by {@link StartupWatch} as the peers' start and cancel are
 * ({@link KafkaStreamsStartupVariant}, and Flink's in {@code benchmarks-flink}):
 * <ul>
 *     <li>{@code first_output_ms}: from {@code newJob} until the first record is visible to a
 *     {@code read_committed} reader (the output's last stable offsets, sampled every 5 ms);</li>
 *     <li>{@code all_output_ms}: until all of them are;</li>
 *     <li>{@code cancel_ms}: from {@code job.cancel()} until the job's status is terminal, and
 *     {@code cancel_closed_ms} until, in addition, every Kafka client in the JVM is closed (each member's
 *     processors close theirs: source consumers, changelog and sink producers, admin clients).</li>
 * </ul>
 * Three jobs, the same input and output format (key = the count's key, value = the running count, 8 bytes):
 * {@code jetway-changelog}: {@code JetwayState.alignedKafkaP} with {@code kafka-changelog} state (aligned:
 * state partition = input partition) → {@code JetwaySinks.kafkaP}; {@code jetway-heap}: the same with the
 * {@code heap} backend; {@code stock}: Hazelcast's {@code KafkaSources.kafka} → {@code groupingKey}
 * → {@code rollingAggregate(counting())} → {@code KafkaSinks.kafka} (hazelcast-jet-kafka, exactly-once by
 * default). The output is read back and its count and checksum (the sum of every emitted count) checked.
 */
final class StartupVariant implements Variant {

    private static final int MEMBERS = 3;

    private final String kind;
    private HazelcastCluster cluster;
    private StartupWatch watch;
    private int pass;

    /** @param kind {@code jetway-changelog}, {@code jetway-heap} or {@code stock} */
    StartupVariant(String kind) {
        if (!List.of("jetway-changelog", "jetway-heap", "stock").contains(kind)) {
            throw new IllegalArgumentException("unknown startup job " + kind);
        }
        this.kind = kind;
    }

    @Override
    public Measurement run(VariantSettings s) throws Exception {
        // Under load (2 cores, 3 members) a snapshot's IMap backups can take longer than the default 5 s
        // backup timeout; the indeterminate put then fails the snapshot, for every job alike.
        cluster = HazelcastCluster.start(MEMBERS, config -> {
            config.getMetricsConfig().setCollectionFrequencySeconds(1);
            config.setProperty("hazelcast.operation.backup.timeout.millis", "60000");
        });
        watch = new StartupWatch(s);
        return Passes.warmUpThenMeasure(s, () -> startAndCancel(s));
    }

    private Measurement startAndCancel(VariantSettings s) throws Exception {
        String name = s.variant() + "-" + System.currentTimeMillis() + "-" + pass++;
        String output = watch.newOutput(name);
        if (kind.equals("jetway-changelog")) {
            watch.deleteOnClose(name + "-changelog");
        }
        JobConfig config = CountJob.exactlyOnce(name, s.snapshotIntervalMs());
        return watch.startAndCancel(name, output, () -> () -> {
            Job job = kind.equals("stock")
                    ? cluster.member(0).getJet().newJob(CountToKafkaJobs.stock(s.bootstrap(), s.topic(), output), config)
                    : cluster.member(0).getJet().newJob(CountJob.countToKafkaDag(s.bootstrap(), s.topic(),
                            state(s, name + "-changelog"), true, output, name), config);
            return new StartupWatch.Running() {
                @Override
                public boolean ended() {
                    return job.getStatus().isTerminal();
                }

                @Override
                public String status() {
                    return "job " + job.getStatus();
                }

                @Override
                public void cancel() {
                    job.cancel();
                }
            };
        });
    }

    private StateConfig state(VariantSettings s, String changelogTopic) {
        return kind.equals("jetway-heap") ? StateConfig.heap() : CountJob.state("changelog", s.bootstrap(), changelogTopic);
    }

    @Override
    public void close() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (watch != null) {
            watch.close();
        }
    }
}
