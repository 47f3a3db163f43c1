package io.jetway.state.changelog;

import io.jetway.testing.KafkaBroker;
import io.jetway.testing.KafkaTestData;
import io.jetway.testing.SharedKafka;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Startup validation of the changelog topic: a clear error before any record is processed. */
class ChangelogTopicTest {

    private static final int PARTITIONS = 3;

    private final KafkaBroker kafka = SharedKafka.get();

    @Test
    void shouldCreateACompactedTopicWithOnePartitionPerStatePartition() throws Exception {
        SimulatedJob job = job("created", Map.of());
        try (SimulatedJob.Execution execution = job.start(2)) {
            execution.put("a", 1);
        }

        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, job.topic());
        Config config = kafka.admin().describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
        assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        assertThat(kafka.admin().describeTopics(List.of(job.topic())).allTopicNames().get(30, TimeUnit.SECONDS)
                        .get(job.topic()).partitions()).hasSize(PARTITIONS);
    }

    @Test
    void shouldRefuseATopicWithAnotherPartitionCount() {
        SimulatedJob job = job("partitions", Map.of());
        kafka.createTopic(job.topic(), PARTITIONS + 1, Map.of("cleanup.policy", "compact"));

        assertThatThrownBy(() -> job.start(1))
                .hasMessageContaining("has 4 partitions, but the vertex has 3 state partitions");
    }

    /**
     * Processors opening together check the topic once: a second check right after a successful one reuses
     * its outcome (here it would otherwise find the topic gone); a failed check is never reused.
     */
    @Test
    void shouldShareASuccessfulCheckButNotAFailedOne() throws Exception {
        String topic = KafkaTestData.uniqueTopic("shared-check");
        Map<String, Object> servers = Map.of("bootstrap.servers", kafka.bootstrapServers());
        kafka.createTopic(topic, PARTITIONS, Map.of("cleanup.policy", "compact,delete"));
        assertThatThrownBy(() -> ChangelogTopic.ensureShared(kafka.admin(), servers, topic, PARTITIONS, (short) -1,
                false)).hasMessageContaining("it must be 'compact'");

        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        kafka.admin().incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                new ConfigEntry("cleanup.policy", "compact"), AlterConfigOp.OpType.SET)))).all().get(30, TimeUnit.SECONDS);
        assertThatCode(() -> ChangelogTopic.ensureShared(kafka.admin(), servers, topic, PARTITIONS, (short) -1, false))
                .as("the failed check is not reused").doesNotThrowAnyException();

        kafka.admin().deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        // the deletion reaches the broker's metadata after the controller acknowledged it
        await().atMost(Duration.ofSeconds(30))
               .until(() -> !kafka.admin().listTopics().names().get(30, TimeUnit.SECONDS).contains(topic));
        assertThatCode(() -> ChangelogTopic.ensureShared(kafka.admin(), servers, topic, PARTITIONS, (short) -1, false))
                .as("the successful check just before is reused").doesNotThrowAnyException();
        assertThatThrownBy(() -> ChangelogTopic.ensure(kafka.admin(), topic, PARTITIONS, (short) -1, false))
                .hasMessageContaining("does not exist");
    }

    @Test
    void shouldRefuseATopicThatIsNotCompacted() {
        SimulatedJob job = job("not-compacted", Map.of());
        kafka.createTopic(job.topic(), PARTITIONS, Map.of("cleanup.policy", "compact,delete"));

        assertThatThrownBy(() -> job.start(1))
                .hasMessageContaining("has cleanup.policy=compact,delete: it must be 'compact'");
    }

    @Test
    void shouldNotCreateTheTopicWhenTold() {
        SimulatedJob job = job("not-created", Map.of("create.topic", "false"));

        assertThatThrownBy(() -> job.start(1))
                .hasMessageContaining("does not exist and option 'create.topic' is false")
                .hasMessageContaining("create it with 3 partitions");
    }

    @Test
    void shouldNameTheReplicationFactorTheBrokersCannotSatisfy() {
        SimulatedJob job = job("replication", Map.of("replication.factor", "3"));

        assertThatThrownBy(() -> job.start(1))
                .hasMessageContaining("with replication factor 3")
                .hasMessageContaining("Set option 'replication.factor' to at most the number of brokers");
    }

    @Test
    void shouldAcceptAnExistingTopicThatFits() {
        SimulatedJob job = job("existing", Map.of("create.topic", "false"));
        kafka.createTopic(job.topic(), PARTITIONS, Map.of("cleanup.policy", "compact"));

        try (SimulatedJob.Execution execution = job.start(1)) {
            execution.put("a", 1);
            assertThat(execution.get("a")).isEqualTo(1L);
        }
    }

    @Test
    void shouldNameTheMissingAcls() {
        assertThatThrownBy(() -> ChangelogTopic.checkAuthorized("t", Set.of(AclOperation.DESCRIBE, AclOperation.READ)))
                .hasMessageContaining("lacks [WRITE] on changelog topic 't'")
                .hasMessageContaining("WRITE and DESCRIBE on the transactional ids");
        assertThatCode(() -> ChangelogTopic.checkAuthorized("t", Set.of(AclOperation.ALL))).doesNotThrowAnyException();
        assertThatCode(() -> ChangelogTopic.checkAuthorized("t", null)).doesNotThrowAnyException();
    }

    @Test
    void shouldAcceptOnlyPureCompaction() {
        assertThatCode(() -> ChangelogTopic.checkCompacted("t", "compact")).doesNotThrowAnyException();
        assertThatThrownBy(() -> ChangelogTopic.checkCompacted("t", "delete")).hasMessageContaining("cleanup.policy=delete");
        assertThatThrownBy(() -> ChangelogTopic.checkCompacted("t", "delete, compact"))
                .hasMessageContaining("must be 'compact'");
    }

    private SimulatedJob job(String name, Map<String, String> extra) {
        Map<String, String> options = new HashMap<>(extra);
        options.put("bootstrap.servers", kafka.bootstrapServers());
        return new SimulatedJob(KafkaTestData.uniqueTopic(name), PARTITIONS, options, true);
    }
}
