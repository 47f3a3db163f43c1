package io.jetway;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.config.ProcessingGuarantee;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.Sinks;
import com.hazelcast.map.IMap;
import io.jetway.codec.RecordDecoders;
import io.jetway.state.HeldRestoreBackendFactory;
import io.jetway.state.StateConfig;
import io.jetway.state.StatefulFunctions;
import io.jetway.testing.HazelcastCluster;
import io.jetway.testing.JetJobs;
import io.jetway.testing.KafkaBroker;
import io.jetway.testing.KafkaTestData;
import io.jetway.testing.SharedKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A graceful restart ({@code job.restart()}) while the state backend is still restoring: the terminal
 * snapshot must not wait for the restore (it saves the entries the processor was restored from, which
 * are still its state), so the restart completes at once; the counts stay exact across both restarts.
 * Keyed-edge and aligned mode each host state their own way, so both are tested.
 */
class GracefulRestartDuringRestoreTest {

    private static final int PARTITIONS = 4;
    private static final int KEYS = 100;
    private static final int RECORDS = 4_000;

    private final KafkaBroker kafka = SharedKafka.get();

    @AfterEach
    void release() {
        HeldRestoreBackendFactory.releaseRestores();
    }

    @Test
    void shouldRestartGracefullyWhileTheKeyedEdgeStateIsRestoring() {
        run("graceful-keyed", (topic, mapName) -> {
            Pipeline pipeline = Pipeline.create();
            JetwayState.mapStateful(pipeline.readFrom(JetwaySources.kafka(source(topic), RecordDecoders.utf8String()))
                                             .withoutTimestamps().groupingKey(GracefulRestartDuringRestoreTest::keyOf),
                            StateConfig.backend(HeldRestoreBackendFactory.NAME), StatefulFunctions.<String, String>count())
                    .writeTo(Sinks.mapWithMerging(mapName, Map.Entry::getKey, Map.Entry::getValue, Math::max));
            return pipeline;
        });
    }

    @Test
    void shouldRestartGracefullyWhileTheAlignedStateIsRestoring() {
        // produceRange puts value i in partition i % 4, and keyOf(i) = i % 100: each key lives in one partition
        run("graceful-aligned", (topic, mapName) -> {
            Pipeline pipeline = Pipeline.create();
            pipeline.readFrom(JetwayState.alignedKafka(source(topic), RecordDecoders.utf8String(),
                            StateConfig.backend(HeldRestoreBackendFactory.NAME), GracefulRestartDuringRestoreTest::keyOf,
                            StatefulFunctions.<String, String>count()))
                    .withoutTimestamps()
                    .writeTo(Sinks.mapWithMerging(mapName, Map.Entry::getKey, Map.Entry::getValue, Math::max));
            return pipeline;
        });
    }

    private KafkaSourceConfig source(String topic) {
        return KafkaSourceConfig.builder(kafka.bootstrapServers()).topics(topic).build();
    }

    private static String keyOf(String value) {
        return "k" + (Integer.parseInt(value) % KEYS);
    }

    /** Builds the job's pipeline. */
    private interface PipelineFactory {
        Pipeline create(String topic, String mapName);
    }

    private void run(String name, PipelineFactory pipelines) {
        String topic = KafkaTestData.uniqueTopic(name);
        kafka.createTopic(topic, PARTITIONS);
        String mapName = "counts-" + topic;
        try (HazelcastCluster cluster = HazelcastCluster.start(2)) {
            HazelcastInstance member = cluster.member(0);
            Job job = member.getJet().newJob(pipelines.create(topic, mapName), new JobConfig().setName(name)
                    .setProcessingGuarantee(ProcessingGuarantee.EXACTLY_ONCE).setSnapshotIntervalMillis(200));
            IMap<String, Long> counts = member.getMap(mapName);
            TestRecords.produceRange(kafka, topic, 0, RECORDS / 2, PARTITIONS);
            JetJobs.awaitWhileRunning(job, "first half counted", Duration.ofSeconds(60))
                   .until(() -> counts.size() == KEYS && sum(counts) == RECORDS / 2);
            JetJobs.awaitSnapshotAfter(member, job, -1);

            HeldRestoreBackendFactory.holdRestores();
            int held = HeldRestoreBackendFactory.heldOpens();
            job.restart();
            JetJobs.awaitWhileRunning(job, "the restarted execution restoring", Duration.ofSeconds(60))
                   .until(() -> HeldRestoreBackendFactory.heldOpens() > held);
            JetJobs.awaitRunning(job);

            int heldAgain = HeldRestoreBackendFactory.heldOpens();
            job.restart();      // its terminal snapshot is taken while every restore is still held
            JetJobs.awaitWhileRunning(job, "a graceful restart during the restore completes", Duration.ofSeconds(30))
                   .until(() -> HeldRestoreBackendFactory.heldOpens() > heldAgain);

            HeldRestoreBackendFactory.releaseRestores();
            TestRecords.produceRange(kafka, topic, RECORDS / 2, RECORDS, PARTITIONS);
            long expectedPerKey = RECORDS / KEYS;
            JetJobs.awaitWhileRunning(job, "every key counted " + expectedPerKey + " times", Duration.ofSeconds(60))
                   .until(() -> sum(counts) >= RECORDS);
            Map<String, Long> wrong = new HashMap<>();
            counts.forEach((k, c) -> {
                if (c != expectedPerKey) {
                    wrong.put(k, c);
                }
            });
            assertThat(wrong).as("keys whose count is not " + expectedPerKey).isEmpty();
            assertThat(counts.size()).as("keys counted").isEqualTo(KEYS);
            job.cancel();
        }
    }

    private static long sum(IMap<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
