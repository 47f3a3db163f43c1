package io.jetway.internal.kafka.sink;

import com.hazelcast.jet.JetException;
import io.jetway.KafkaSinkConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks that the topics a sink writes exist before the first record goes there, so that a missing topic
 * is a clear error at once rather than a producer blocking for {@code max.block.ms} on its metadata. The
 * sink never creates topics. Topics found are remembered; blocking; not thread-safe.
 */
final class TopicCheck implements AutoCloseable {

    private final KafkaSinkConfig config;
    private final String clientId;
    private final String where;
    private final Set<String> found = new HashSet<>();
    private Admin admin;

    TopicCheck(KafkaSinkConfig config, String clientId, String where) {
        this.config = config;
        this.clientId = clientId;
        this.where = where;
    }

    /** Returns at once for a topic found before; otherwise asks the cluster, failing with a clear message. */
    void require(String topic) {
        if (found.contains(topic)) {
            return;
        }
        if (topic == null || topic.isEmpty()) {
            throw new JetException(where + ": the topic function returned " + (topic == null ? "null" : "''")
                    + " as the topic");
        }
        if (admin == null) {
            admin = Admin.create(SinkClients.admin(config, clientId));
        }
        long timeoutMs = config.startupTimeoutMs();
        try {
            admin.describeTopics(List.of(topic)).allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new JetException(where + ": topic '" + topic + "' does not exist on "
                        + config.producerProperties().get("bootstrap.servers") + "; the sink does not create topics: "
                        + "create it first", e.getCause());
            }
            throw new JetException(where + ": cannot describe topic '" + topic + "': " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new JetException(where + ": Kafka did not describe topic '" + topic + "' within " + Duration.ofMillis(
                    timeoutMs) + "; is it reachable with " + SinkClients.redacted(config) + "?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JetException(where + ": interrupted while checking topic '" + topic + "'", e);
        }
        found.add(topic);
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close(Duration.ZERO);
            admin = null;
        }
    }
}
