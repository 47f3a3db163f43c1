package io.jetway.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.awaitility.core.ConditionTimeoutException;

/** The {@link Admin} client a broker fixture owns, and the topic operations that wait for their effect. */
final class BrokerAdmin implements AutoCloseable {
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    private static final int PROBE_TIMEOUT_MS = 2_000;

    private final String bootstrapServers;
    private final Admin admin;

    BrokerAdmin(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "jetway-test-admin-" + bootstrapServers,
                // Reconnect quickly after a broker restart on the same address.
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000"));
    }

    Admin admin() {
        return admin;
    }

    /**
     * Returns once the broker lists itself as an alive (unfenced) node in describeCluster.
     *
     * @param brokerGone returns true when waiting longer is pointless (the broker process died)
     * @throws IllegalStateException naming the address and the last error otherwise
     */
    void awaitReady(Duration timeout, Callable<Boolean> brokerGone) {
        DescribeClusterOptions options = new DescribeClusterOptions().timeoutMs(PROBE_TIMEOUT_MS);
        try {
            await("Kafka broker at " + bootstrapServers + " lists an alive node")
                    .atMost(timeout)
                    .pollInSameThread()
                    .pollInterval(POLL_INTERVAL)
                    .failFast("Kafka broker process at " + bootstrapServers + " exited", brokerGone)
                    .ignoreExceptions()
                    .until(() -> !admin.describeCluster(options).nodes().get().isEmpty());
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("Kafka broker at " + bootstrapServers + " not ready within " + timeout, e);
        }
    }

    void createTopic(String topic, int partitions, Map<String, String> topicConfigs) {
        NewTopic newTopic = new NewTopic(topic, partitions, (short) 1).configs(topicConfigs);
        get(admin.createTopics(List.of(newTopic)).all(),
                "create topic '" + topic + "' with " + partitions + " partitions and configs " + topicConfigs);
        awaitLeaders(topic, partitions);
    }

    void addPartitions(String topic, int totalPartitions) {
        get(admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(totalPartitions))).all(),
                "grow topic '" + topic + "' to " + totalPartitions + " partitions");
        awaitLeaders(topic, totalPartitions);
    }

    private void awaitLeaders(String topic, int partitions) {
        await("topic '" + topic + "' has " + partitions + " partitions, each with a leader")
                .atMost(TOPIC_TIMEOUT)
                .pollInSameThread()
                .pollInterval(POLL_INTERVAL)
                .ignoreExceptions()
                .until(() -> hasLeaders(topic, partitions));
    }

    private boolean hasLeaders(String topic, int partitions) throws Exception {
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(PROBE_TIMEOUT_MS, TimeUnit.MILLISECONDS).get(topic);
        List<TopicPartitionInfo> infos = description.partitions();
        return infos.size() == partitions
                && infos.stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
    }

    private static <T> T get(KafkaFuture<T> future, String what) {
        try {
            return future.get(TOPIC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot " + what + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Cannot " + what + " within " + TOPIC_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while trying to " + what, e);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
