package io.jetway.internal.kafka;

import com.hazelcast.logging.ILogger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The dead-letter topic of a source as checked at job start: its name and the largest record batch it
 * accepts ({@code max.message.bytes}), or {@link #UNKNOWN_SIZE} when that could not be read.
 *
 * @param name            the topic
 * @param maxMessageBytes the topic's {@code max.message.bytes}, or {@link #UNKNOWN_SIZE}
 */
record DeadLetterTopic(String name, int maxMessageBytes) {

    /** {@code max.message.bytes} not known: only the producer's {@code max.request.size} caps dead letters. */
    static final int UNKNOWN_SIZE = -1;

    /** A topic not checked (processors built outside a job's supplier, e.g. in benchmarks). */
    static DeadLetterTopic unchecked(String name) {
        return new DeadLetterTopic(name, UNKNOWN_SIZE);
    }

    /**
     * Checks that {@code name} exists, as the source does for the topics it reads, and reads its
     * {@code max.message.bytes}. Blocking, at most {@code timeoutMs} per request; for a supplier's {@code init}.
     *
     * @param bootstrapServers for the message when the topic is missing
     * @param where            the job and vertex, for messages
     * @throws IllegalStateException naming the topic and the bootstrap servers when the topic does not exist or
     *                               Kafka does not answer in time
     */
    static DeadLetterTopic check(Admin admin, String name, long timeoutMs, String bootstrapServers, String where,
                                 ILogger logger) {
        String failure = "Kafka source " + where + ": dead-letter topic '" + name + "' at bootstrap.servers="
                + bootstrapServers;
        try {
            admin.describeTopics(List.of(name)).allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new IllegalStateException(failure + " does not exist; create it before starting the job "
                        + "(the source never auto-creates topics)", e.getCause());
            }
            throw new IllegalStateException(failure + " cannot be described: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(failure + ": Kafka did not answer within " + timeoutMs + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(failure + ": interrupted while checking it", e);
        }
        return new DeadLetterTopic(name, maxMessageBytes(admin, name, timeoutMs, where, logger));
    }

    // Describing configs needs the DescribeConfigs ACL, which a client allowed to write may lack: then the
    // producer's max.request.size alone caps dead letters, and a smaller topic limit fails the job at that record.
    private static int maxMessageBytes(Admin admin, String name, long timeoutMs, String where, ILogger logger) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
        try {
            Config config = admin.describeConfigs(List.of(resource)).all().get(timeoutMs, TimeUnit.MILLISECONDS)
                                 .get(resource);
            ConfigEntry entry = config == null ? null : config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            if (entry != null && entry.value() != null) {
                return Integer.parseInt(entry.value().trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            logger.warning("Kafka source " + where + ": cannot read max.message.bytes of dead-letter topic '" + name
                    + "' (" + e + "); dead letters are capped by the producer's max.request.size only");
        }
        return UNKNOWN_SIZE;
    }
}
