package io.jetway.state.changelog;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.config.ProcessingGuarantee;
import com.hazelcast.jet.core.JobStatus;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.Sinks;
import com.hazelcast.jet.pipeline.StreamStage;
import com.hazelcast.map.IMap;
import io.jetway.JetwaySources;
import io.jetway.JetwayState;
import io.jetway.KafkaSourceConfig;
import io.jetway.codec.RecordDecoders;
import io.jetway.state.StateConfig;
import io.jetway.state.StatefulFunctions;
import io.jetway.testing.HazelcastCluster;
import io.jetway.testing.JetJobs;
import io.jetway.testing.KafkaBroker;
import io.jetway.testing.KafkaTestData;
import io.jetway.testing.SharedKafka;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A keyed running count (Jetway's keyed stateful processor, keyed-edge mode, 271 state partitions; and fused
 * into the source, aligned mode, 4 state partitions) with its state in the {@code kafka-changelog} backend, EXACTLY_ONCE, on two members: every key's final count
 * equals the number of its records although the job loses a member, or dies between the phases of
 * snapshots. A replayed record would count twice, a lost change not at all.
 * <p>
 * The output map keeps the highest count seen per key: IMap writes are not part of Jet's snapshot.
 */
class KafkaChangelogJobTest {

    private static final int INPUT_PARTITIONS = 4;
    private static final int KEYS = 200;
    private static final int RECORDS = 8_000;

    private final KafkaBroker kafka = SharedKafka.get();

    @Test
    void shouldCountExactlyOnceWhenAMemberDies() {
        String topic = KafkaTestData.uniqueTopic("changelog-member-loss");
        kafka.createTopic(topic, INPUT_PARTITIONS);
        try (HazelcastCluster cluster = HazelcastCluster.start(2)) {
            HazelcastInstance member = cluster.member(0);
            Job job = submit(member, topic, KafkaChangelogStateBackendFactory.NAME);
            IMap<String, Long> counts = member.getMap(mapName(topic));
            produce(topic, 0, RECORDS / 2);
            await("some counts in " + mapName(topic)).atMost(Duration.ofSeconds(90))
                    .until(() -> counts.size() >= KEYS / 2);
            JetJobs.awaitSnapshotAfter(member, job, -1);

            cluster.terminate(1);
            produce(topic, RECORDS / 2, RECORDS);

            awaitExactCounts(counts);
            job.cancel();
        }
    }

    @Test
    void shouldCountExactlyOnceWhenTheJobDiesBetweenThePhases() {
        String topic = KafkaTestData.uniqueTopic("changelog-between-phases");
        kafka.createTopic(topic, INPUT_PARTITIONS);
        try (HazelcastCluster cluster = HazelcastCluster.start(2)) {
            HazelcastInstance member = cluster.member(0);
            Job job = submit(member, topic, CrashingChangelogBackendFactory.NAME);
            IMap<String, Long> counts = member.getMap(mapName(topic));
            int rounds = 3;
            int perRound = RECORDS / (rounds + 1);
            produceWithCrashesBetweenThePhases(member, job, topic, rounds, perRound);
            produce(topic, rounds * perRound, RECORDS);

            awaitExactCounts(counts);
            job.cancel();
        }
    }

    /**
     * Aligned mode (the count fused into the source, which stays cooperative and runs the snapshot phases on
     * a thread of its own): crashes between the phases, then a member loss.
     */
    @Test
    void shouldCountExactlyOnceInAlignedModeAcrossCrashesBetweenThePhasesAndAMemberLoss() {
        String topic = KafkaTestData.uniqueTopic("changelog-aligned");
        kafka.createTopic(topic, INPUT_PARTITIONS);
        try (HazelcastCluster cluster = HazelcastCluster.start(2)) {
            HazelcastInstance member = cluster.member(0);
            Job job = submitAligned(member, topic);
            IMap<String, Long> counts = member.getMap(mapName(topic));
            int perRound = RECORDS / 4;
            produceWithCrashesBetweenThePhases(member, job, topic, 2, perRound);
            produce(topic, 2 * perRound, 3 * perRound);
            JetJobs.awaitSnapshotAfter(member, job, JetJobs.lastSnapshotId(member, job));
            cluster.terminate(1);
            produce(topic, 3 * perRound, RECORDS);

            awaitExactCounts(counts);
            job.cancel();
        }
    }

    // Each round: a slice of the input, a snapshot, then a crash in the next snapshot's phase 2 and a restart.
    private void produceWithCrashesBetweenThePhases(HazelcastInstance member, Job job, String topic, int rounds,
                                                    int perRound) {
        for (int round = 0; round < rounds; round++) {
            produce(topic, round * perRound, (round + 1) * perRound);
            int crashesBefore = CrashingChangelogBackendFactory.crashes();
            JetJobs.awaitSnapshotAfter(member, job, JetJobs.lastSnapshotId(member, job));
            CrashingChangelogBackendFactory.crashAtNextPhase2();
            await("crash " + (round + 1) + " injected between the phases").atMost(Duration.ofSeconds(60))
                    .until(() -> CrashingChangelogBackendFactory.crashes() > crashesBefore);
            JetJobs.awaitStatus(job, JobStatus.RUNNING);
        }
    }

    private Job submitAligned(HazelcastInstance member, String topic) {
        Pipeline pipeline = Pipeline.create();
        pipeline.readFrom(JetwayState.alignedKafka(KafkaSourceConfig.builder(kafka.bootstrapServers()).topics(topic)
                        .build(), RecordDecoders.utf8String(), state(topic, CrashingChangelogBackendFactory.NAME),
                        KafkaChangelogJobTest::keyOf, StatefulFunctions.<String, String>count()))
                .withoutTimestamps()
                .writeTo(Sinks.mapWithMerging(mapName(topic), Map.Entry::getKey, Map.Entry::getValue, Math::max));
        return member.getJet().newJob(pipeline, new JobConfig().setName(topic)
                .setProcessingGuarantee(ProcessingGuarantee.EXACTLY_ONCE).setSnapshotIntervalMillis(300));
    }

    private StateConfig state(String topic, String backend) {
        KafkaChangelogConfig changelog = KafkaChangelogConfig.builder(kafka.bootstrapServers())
                .topic(topic + "-changelog")
                .transactionTimeout(Duration.ofMinutes(1))
                .build();
        return backend.equals(CrashingChangelogBackendFactory.NAME)
                ? CrashingChangelogBackendFactory.stateConfig(changelog) : changelog.toStateConfig();
    }

    private Job submit(HazelcastInstance member, String topic, String backend) {
        Pipeline pipeline = Pipeline.create();
        StreamStage<String> values = pipeline.readFrom(JetwaySources.kafka(
                KafkaSourceConfig.builder(kafka.bootstrapServers()).topics(topic).build(), RecordDecoders.utf8String()))
                .withoutTimestamps();
        StateConfig state = state(topic, backend);
        JetwayState.mapStateful(values.groupingKey(KafkaChangelogJobTest::keyOf), state,
                        StatefulFunctions.<String, String>count())
                .writeTo(Sinks.mapWithMerging(mapName(topic), Map.Entry::getKey, Map.Entry::getValue, Math::max));
        return member.getJet().newJob(pipeline, new JobConfig().setName(topic)
                .setProcessingGuarantee(ProcessingGuarantee.EXACTLY_ONCE).setSnapshotIntervalMillis(300));
    }

    private static void awaitExactCounts(IMap<String, Long> counts) {
        long expectedPerKey = RECORDS / KEYS;
        await("every key counted " + expectedPerKey + " times").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    assertThat(counts.size()).as("keys counted").isEqualTo(KEYS);
                    assertThat(counts.values().stream().mapToLong(Long::longValue).sum()).as("sum of counts")
                                                                                          .isGreaterThanOrEqualTo(RECORDS);
                });
        Map<String, Long> wrong = new HashMap<>();
        counts.forEach((key, count) -> {
            if (count != expectedPerKey) {
                wrong.put(key, count);
            }
        });
        assertThat(wrong).as("keys whose count is not " + expectedPerKey).isEmpty();
    }

    private void produce(String topic, int from, int to) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerProps())) {
            for (int i = from; i < to; i++) {
                byte[] bytes = Integer.toString(i).getBytes(UTF_8);
                producer.send(new ProducerRecord<>(topic, i % INPUT_PARTITIONS, bytes, bytes));
            }
            producer.flush();
        }
    }

    private static String keyOf(String value) {
        return "k" + (Integer.parseInt(value) % KEYS);
    }

    private static String mapName(String topic) {
        return "counts-" + topic;
    }
}
