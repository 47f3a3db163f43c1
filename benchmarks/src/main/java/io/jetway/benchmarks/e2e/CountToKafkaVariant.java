package io.jetway.benchmarks.e2e;

import com.hazelcast.jet.Job;
import io.jetway.state.OutputMode;
import io.jetway.state.StateConfig;
import io.jetway.testing.HazelcastCluster;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code count-changelog[-aligned]-eos-kafka[-newest]}: the exactly-once keyed count with {@code kafka-changelog}
 * state, aligned or behind the keyed edge, writing its counts to Kafka through Jetway's exactly-once sink
 * ({@link CountJob#countToKafkaDag}): every update, or with {@link OutputMode#NEWEST_PER_SNAPSHOT} each changed
 * key's newest count once per snapshot. One member, snapshot every {@code snapshotIntervalMs}; each pass a new
 * job with a new changelog, output topic and transactional id prefix. Timed as the Kafka Streams and Flink
 * counts with an output topic are ({@link CountOutput}): from job submission until a {@code read_committed}
 * reader has every key's final count.
 */
final class CountToKafkaVariant implements Variant {

    private final boolean aligned;
    private final OutputMode mode;
    private final String backend;
    private final List<String> changelogs = new ArrayList<>();
    private HazelcastCluster cluster;
    private CountOutput output;
    private String bootstrap;
    private int pass;

    CountToKafkaVariant(boolean aligned, OutputMode mode) {
        this(aligned, mode, "changelog");
    }

    /** @param backend a {@link CountJob#state} backend name of {@code kafka-changelog} */
    CountToKafkaVariant(boolean aligned, OutputMode mode, String backend) {
        this.aligned = aligned;
        this.mode = mode;
        this.backend = backend;
    }

    @Override
    public Measurement run(VariantSettings s) throws Exception {
        bootstrap = s.bootstrap();
        cluster = JetRuns.cluster(1);
        output = new CountOutput(s.bootstrap());
        return Passes.measureWholePass(s, () -> count(s));
    }

    private Measurement count(VariantSettings s) throws Exception {
        String name = s.variant() + "-" + System.currentTimeMillis() + "-" + pass++;
        String changelog = name + "-changelog";
        changelogs.add(changelog);
        String topic = output.newTopic(name);
        StateConfig state = CountJob.state(backend, s.bootstrap(), changelog).outputMode(mode);
        long startNs = System.nanoTime();
        Job job = cluster.member(0).getJet().newJob(CountJob.countToKafkaDag(s.bootstrap(), s.topic(), state, aligned,
                topic, name), CountJob.exactlyOnce(name, s.snapshotIntervalMs()));
        try {
            return CountOutput.awaitFinalCounts(s, topic, startNs, () -> !job.getStatus().isTerminal(), List.of());
        } finally {
            JetRuns.cancel(job);
            // what the changelog cost the broker: records written (with one marker per partition and transaction)
            System.err.println(s.variant() + ": changelog end offsets (records and markers) "
                    + ChangelogReader.endOffsetSum(s.bootstrap(), changelog));
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
        if (bootstrap != null) {
            ChangelogReader.deleteTopics(bootstrap, changelogs);
        }
    }
}
