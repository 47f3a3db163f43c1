package io.jetway;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.aggregate.AggregateOperations;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.config.ProcessingGuarantee;
import com.hazelcast.jet.core.metrics.MetricTags;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.Sinks;
import com.hazelcast.map.IMap;
import io.jetway.codec.RecordDecoders;
import io.jetway.testing.HazelcastCluster;
import io.jetway.testing.JetJobs;
import io.jetway.testing.KafkaBroker;
import io.jetway.testing.KafkaTestData;
import io.jetway.testing.SharedKafka;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Offsets in Jet snapshots give exactly-once input: a keyed running count, whose state is restored
 * from the same snapshot as the offsets, must end at exactly 1 for every record, although a member is
 * terminated mid-stream (restore with fewer processors) and a member joins later (restore with more).
 */
class KafkaSourceExactlyOnceTest {

    private static final int PARTITIONS = 4;
    private static final int PER_PHASE = 10_000;

    private final KafkaBroker kafka = SharedKafka.get();

    @Test
    void shouldCountEveryRecordOnceAcrossMemberLossAndScaleUp() {
        String topic = KafkaTestData.uniqueTopic("exactly-once");
        kafka.createTopic(topic, PARTITIONS);
        String mapName = "counts-" + topic;
        try (HazelcastCluster cluster = HazelcastCluster.start(2, c -> {
            c.getJetConfig().setScaleUpDelayMillis(500);
            c.getMetricsConfig().setCollectionFrequencySeconds(1);
        })) {
            HazelcastInstance member = cluster.member(0);
            Pipeline pipeline = Pipeline.create();
            pipeline.readFrom(JetwaySources.kafka(KafkaSourceConfig.builder(kafka.bootstrapServers()).topics(topic)
                                                                   .build(), RecordDecoders.utf8String()))
                    .withoutTimestamps()
                    .groupingKey(value -> value)
                    .rollingAggregate(AggregateOperations.counting())
                    .writeTo(Sinks.map(mapName));
            Job job = member.getJet().newJob(pipeline, new JobConfig().setName("exactly-once")
                    .setProcessingGuarantee(ProcessingGuarantee.EXACTLY_ONCE).setSnapshotIntervalMillis(200));
            IMap<String, Long> counts = member.getMap(mapName);

            TestRecords.produceRange(kafka, topic, 0, PER_PHASE, PARTITIONS);
            awaitAtLeast(job, counts, PER_PHASE / 2);
            long snapshot = JetJobs.awaitSnapshotAfter(member, job, -1);
            cluster.terminate(1);

            TestRecords.produceRange(kafka, topic, PER_PHASE, 2 * PER_PHASE, PARTITIONS);
            awaitAtLeast(job, counts, 2 * PER_PHASE);
            JetJobs.awaitSnapshotAfter(member, job, snapshot);
            cluster.addMember();
            awaitSourceRunningOnMembers(job, 2);

            TestRecords.produceRange(kafka, topic, 2 * PER_PHASE, 3 * PER_PHASE, PARTITIONS);
            awaitAtLeast(job, counts, 3 * PER_PHASE);

            Map<String, Long> all = Map.copyOf(counts.getAll(counts.keySet()));
            assertThat(all).hasSize(3 * PER_PHASE);
            Map<String, Long> notOnce = all.entrySet().stream().filter(e -> e.getValue() != 1L)
                                           .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            assertThat(notOnce).as("records counted other than once").isEmpty();
            assertThat(job.getStatus().isTerminal()).isFalse();
        }
    }

    /** The job restarted with the new member: the source reports metrics from that many members. */
    private static void awaitSourceRunningOnMembers(Job job, int members) {
        // a restart for scale-up takes seconds; on a loaded 2-core machine it can take a minute or more
        JetJobs.awaitWhileRunning(job, "the source of job '" + job.getName() + "' running on " + members + " members",
                                  Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(100))
                .until(() -> job.getMetrics().get("kafkaRecordsIn").stream()
                                .map(m -> m.tag(MetricTags.MEMBER)).distinct().count() == members);
    }

    private static void awaitAtLeast(Job job, IMap<String, Long> counts, int expected) {
        JetJobs.awaitWhileRunning(job, "at least " + expected + " distinct records counted in map '"
                                       + counts.getName() + "'", Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                .until(() -> counts.size() >= expected);
    }
}
