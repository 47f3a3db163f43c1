package io.jetway.internal.kafka;

import io.jetway.kafka.common.KafkaProperties;

import io.jetway.KafkaSourceConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Finds the partitions a source reads, once at start (blocking, with a clear error when Kafka or a
 * topic is missing) and then periodically in the background, publishing each change as a new
 * {@link TopicLayout}. One instance serves all source processors of a job on one member, so a member
 * opens one {@link Admin} client per source, not one per processor.
 * <p>
 * Threads: {@link #current()} is read by processor threads (a volatile read); the refresh runs on this
 * object's own daemon thread.
 */
public final class PartitionDiscovery implements TopicLayoutProvider, AutoCloseable {

    private final KafkaSourceConfig config;
    private final Pattern pattern;
    private final Admin admin;
    private final String where;
    private final ScheduledExecutorService refresher;
    private volatile TopicLayout current = TopicLayout.EMPTY;
    private volatile Throwable lastRefreshError;

    private PartitionDiscovery(KafkaSourceConfig config, Admin admin, String where) {
        this.config = config;
        this.pattern = config.topicPattern() != null ? Pattern.compile(config.topicPattern()) : null;
        this.admin = admin;
        this.where = where;
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jetway-partition-discovery-" + where);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Connects to Kafka, reads the current layout (waiting at most the config's startup timeout) and
     * starts periodic discovery.
     *
     * @param where a short name of the owner (job and vertex) for thread names and messages
     * @throws IllegalStateException when Kafka does not answer in time or a named topic does not exist
     */
    public static PartitionDiscovery start(KafkaSourceConfig config, String where) {
        Admin admin;
        try {
            admin = Admin.create(adminProperties(config));
        } catch (KafkaException e) {
            throw new IllegalStateException("Cannot create a Kafka client for " + where + " with "
                    + KafkaProperties.redacted(config.consumerProperties()) + ": " + e.getMessage(), e);
        }
        PartitionDiscovery discovery = new PartitionDiscovery(config, admin, where);
        try {
            discovery.current = discovery.fetchLayout(config.startupTimeoutMs(), true);
        } catch (RuntimeException e) {
            discovery.close();
            throw e;
        }
        long interval = config.partitionDiscoveryIntervalMs();
        if (interval > 0) {
            discovery.refresher.scheduleWithFixedDelay(discovery::refresh, interval, interval, TimeUnit.MILLISECONDS);
        }
        return discovery;
    }

    @Override
    public TopicLayout current() {
        return current;
    }

    /** The end offset of every partition in {@code layout}, read now (blocking, bounded by the startup timeout). */
    public Map<TopicPartition, Long> endOffsets(TopicLayout layout) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        layout.partitionCounts().forEach((topic, count) -> {
            for (int p = 0; p < count; p++) {
                request.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
        });
        Map<TopicPartition, Long> result = new HashMap<>();
        try {
            admin.listOffsets(request).all().get(config.startupTimeoutMs(), TimeUnit.MILLISECONDS)
                 .forEach((tp, info) -> result.put(tp, info.offset()));
        } catch (Exception e) {
            throw failure("read the end offsets of " + config.describeTopics(), e);
        }
        return result;
    }

    /** The admin client, for other start-up checks of the same source (blocking calls only off processor threads). */
    Admin admin() {
        return admin;
    }

    /** The last error of a background refresh, or {@code null}; the previous layout stays in use. */
    public Throwable lastRefreshError() {
        return lastRefreshError;
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        admin.close(java.time.Duration.ofSeconds(5));
    }

    private void refresh() {
        try {
            TopicLayout fresh = fetchLayout(config.startupTimeoutMs(), false);
            if (!fresh.sameAs(current)) {
                current = fresh;
            }
            lastRefreshError = null;
        } catch (RuntimeException e) {
            lastRefreshError = e;
        }
    }

    private TopicLayout fetchLayout(long timeoutMs, boolean atStart) {
        try {
            List<String> topics = pattern == null ? config.topics() : matchingTopics(timeoutMs);
            if (topics.isEmpty()) {
                return TopicLayout.EMPTY;
            }
            Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames()
                                                           .get(timeoutMs, TimeUnit.MILLISECONDS);
            Map<String, Integer> counts = new HashMap<>();
            described.forEach((name, d) -> counts.put(name, d.partitions().size()));
            return new TopicLayout(counts);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException && atStart) {
                throw new IllegalStateException("Kafka source " + where + ": topic(s) " + missingTopics(timeoutMs)
                        + " do not exist on the cluster at bootstrap.servers="
                        + config.consumerProperties().get("bootstrap.servers")
                        + "; create them before starting the job (the source never auto-creates topics)", e.getCause());
            }
            throw failure("describe " + config.describeTopics(), e);
        } catch (Exception e) {
            throw failure("describe " + config.describeTopics(), e);
        }
    }

    private List<String> matchingTopics(long timeoutMs) throws Exception {
        List<String> matching = new ArrayList<>();
        for (String name : admin.listTopics(new ListTopicsOptions().listInternal(false)).names()
                                .get(timeoutMs, TimeUnit.MILLISECONDS)) {
            if (pattern.matcher(name).matches()) {
                matching.add(name);
            }
        }
        return matching;
    }

    private List<String> missingTopics(long timeoutMs) {
        try {
            TreeSet<String> missing = new TreeSet<>(config.topics());
            missing.removeAll(admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS));
            return new ArrayList<>(missing);
        } catch (Exception e) {
            return config.topics();
        }
    }

    private IllegalStateException failure(String action, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        String reason = cause instanceof TimeoutException || cause instanceof org.apache.kafka.common.errors.TimeoutException
                ? "Kafka did not answer within " + config.startupTimeoutMs() + " ms (is the broker running and "
                  + "reachable, and are the security settings right?)"
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return new IllegalStateException("Kafka source " + where + " could not " + action + " at bootstrap.servers="
                + config.consumerProperties().get("bootstrap.servers") + ": " + reason, cause);
    }

    private static Properties adminProperties(KafkaSourceConfig config) {
        Properties p = new Properties();
        config.consumerProperties().forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(k)) {
                p.put(k, v);
            }
        });
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, config.consumerProperties().getOrDefault("client.id", "jetway-source")
                + "-discovery");
        int timeout = (int) Math.min(Integer.MAX_VALUE, config.startupTimeoutMs());
        p.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(Math.max(timeout, 1000)));
        p.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(Math.max(timeout, 1000)));
        return p;
    }
}
