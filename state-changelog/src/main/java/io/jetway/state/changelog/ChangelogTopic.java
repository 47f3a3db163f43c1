package io.jetway.state.changelog;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Makes sure the changelog topic can hold the state before any record is processed: it exists (or is
 * created) with {@code cleanup.policy=compact}, exactly one partition per state partition, and this
 * principal may read and write it. Every failure says what is wrong and what to do.
 */
final class ChangelogTopic {

    private static final long TIMEOUT_MS = 60_000;
    /** How long a successful check serves other processors that start their own: those of one start. */
    private static final long REUSE_NS = TimeUnit.SECONDS.toNanos(10);

    // Checks under way or just done, shared by the processors of the JVM's members that open at once.
    private static final ConcurrentHashMap<Key, SharedCheck> SHARED = new ConcurrentHashMap<>();

    private ChangelogTopic() {
    }

    /**
     * {@link #ensure}, done once for all processors that open at about the same time in this JVM: the first
     * one checks (and creates) the topic, the others wait for its outcome instead of each asking the
     * cluster. A successful check is reused for 10 s after it ended, so a later start (a restarted job)
     * checks again; a failed one is not reused.
     *
     * @param clientProperties the admin client's properties but its client id: the cluster, and the principal
     *                         whose rights are checked
     */
    static void ensureShared(Admin admin, Map<String, Object> clientProperties, String topic, int partitions,
                             short replicationFactor, boolean create) {
        Key key = new Key(Map.copyOf(clientProperties), topic, partitions, replicationFactor, create);
        SHARED.values().removeIf(check -> !check.reusable());   // forget the old ones: one entry per start
        SharedCheck mine = new SharedCheck();
        SharedCheck shared = SHARED.compute(key, (k, existing) -> existing != null && existing.reusable() ? existing
                : mine);
        if (shared != mine) {
            shared.await(topic);
            return;
        }
        try {
            ensure(admin, topic, partitions, replicationFactor, create);
            mine.succeeded();
        } catch (RuntimeException e) {
            SHARED.remove(key, mine);
            mine.outcome.completeExceptionally(e);
            throw e;
        }
    }

    /**
     * Validates the topic, creating it first when missing and {@code create} is set. Several processors
     * may call this at once: a topic created meanwhile by another one is fine.
     *
     * @param replicationFactor of a created topic, -1 for the broker's default
     */
    static void ensure(Admin admin, String topic, int partitions, short replicationFactor, boolean create) {
        TopicDescription description = describe(admin, topic);
        if (description == null) {
            if (!create) {
                throw new IllegalStateException("Changelog topic '" + topic + "' does not exist and option "
                        + "'create.topic' is false: create it with " + partitions + " partitions (one per state "
                        + "partition) and cleanup.policy=compact");
            }
            createTopic(admin, topic, partitions, replicationFactor);
            description = awaitCreated(admin, topic);
        }
        if (description.partitions().size() != partitions) {
            throw new IllegalStateException("Changelog topic '" + topic + "' has " + description.partitions().size()
                    + " partitions, but the vertex has " + partitions + " state partitions and changelog partition "
                    + "= state partition: use another topic (option 'topic') or recreate this one with " + partitions
                    + " partitions");
        }
        checkAuthorized(topic, description.authorizedOperations());
        checkCompacted(topic, cleanupPolicy(admin, topic));
    }

    /** Fails unless the principal may read and write the topic; {@code null} means the broker did not say. */
    static void checkAuthorized(String topic, Set<AclOperation> authorized) {
        if (authorized == null || authorized.contains(AclOperation.ALL)) {
            return;
        }
        List<AclOperation> missing = new ArrayList<>();
        for (AclOperation needed : List.of(AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE)) {
            if (!authorized.contains(needed)) {
                missing.add(needed);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("The Kafka principal of the kafka-changelog backend lacks " + missing
                    + " on changelog topic '" + topic + "': grant READ, WRITE and DESCRIBE on the topic, and WRITE "
                    + "and DESCRIBE on the transactional ids (a PREFIXED ACL on the transactional.id.prefix)");
        }
    }

    /** Fails unless {@code cleanupPolicy} compacts and never deletes: deleted records would be lost state. */
    static void checkCompacted(String topic, String cleanupPolicy) {
        List<String> policies = Arrays.asList(cleanupPolicy.replace(" ", "").split(","));
        if (!policies.contains(TopicConfig.CLEANUP_POLICY_COMPACT)
                || policies.contains(TopicConfig.CLEANUP_POLICY_DELETE)) {
            throw new IllegalStateException("Changelog topic '" + topic + "' has cleanup.policy=" + cleanupPolicy
                    + ": it must be 'compact' (retention would delete state); change it with kafka-configs "
                    + "--alter --add-config cleanup.policy=compact, or use another topic");
        }
    }

    private static TopicDescription describe(Admin admin, String topic) {
        try {
            return get(admin.describeTopics(List.of(topic),
                    new DescribeTopicsOptions().includeAuthorizedOperations(true)).allTopicNames(),
                    "describe changelog topic '" + topic + "'").get(topic);
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return null;
            }
            throw e;
        }
    }

    // A created topic reaches the metadata of every broker, and gets partition leaders, a little later.
    private static TopicDescription awaitCreated(Admin admin, String topic) {
        long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        long backoffMs = 10;
        while (true) {
            TopicDescription description = describe(admin, topic);
            if (description != null && description.partitions().stream()
                    .allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                return description;
            }
            if (System.nanoTime() - deadlineNs >= 0) {
                throw new IllegalStateException("Changelog topic '" + topic + "' was created, but its partitions "
                        + "have no leader after " + TIMEOUT_MS + " ms");
            }
            try {
                Thread.sleep(backoffMs); // retry backoff, not synchronisation: the broker gives no signal to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for changelog topic '" + topic + "'", e);
            }
            backoffMs = Math.min(backoffMs * 2, 500);
        }
    }

    private static void createTopic(Admin admin, String topic, int partitions, short replicationFactor) {
        NewTopic newTopic = new NewTopic(topic, Optional.of(partitions),
                replicationFactor < 0 ? Optional.empty() : Optional.of(replicationFactor))
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        try {
            get(admin.createTopics(List.of(newTopic)).all(), "create changelog topic '" + topic + "' with "
                    + partitions + " partitions");
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return; // another processor created it meanwhile: validated next
            }
            if (e.getCause() instanceof InvalidReplicationFactorException) {
                throw new IllegalStateException("Cannot create changelog topic '" + topic + "' with replication "
                        + "factor " + (replicationFactor < 0 ? "(broker default)" : replicationFactor) + ": "
                        + e.getCause().getMessage() + " Set option 'replication.factor' to at most the number of "
                        + "brokers", e.getCause());
            }
            throw e;
        }
    }

    private static String cleanupPolicy(Admin admin, String topic) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = get(admin.describeConfigs(List.of(resource)).all(),
                "read the configuration of changelog topic '" + topic + "'").get(resource);
        ConfigEntry entry = config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
        return entry == null || entry.value() == null ? TopicConfig.CLEANUP_POLICY_DELETE : entry.value();
    }

    private record Key(Map<String, Object> clientProperties, String topic, int partitions, short replicationFactor,
                       boolean create) {
    }

    private static final class SharedCheck {
        final CompletableFuture<Void> outcome = new CompletableFuture<>();
        // written before outcome completes, read after isDone() saw it complete
        volatile long succeededAtNs;

        void succeeded() {
            succeededAtNs = System.nanoTime();
            outcome.complete(null);
        }

        boolean reusable() {
            return !outcome.isDone()
                    || !outcome.isCompletedExceptionally() && System.nanoTime() - succeededAtNs < REUSE_NS;
        }

        void await(String topic) {
            try {
                outcome.get(2 * TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause()
                        : new IllegalStateException(e.getCause().getMessage(), e.getCause());
            } catch (TimeoutException e) {
                throw new IllegalStateException("Another processor's check of changelog topic '" + topic
                        + "' did not end within " + 2 * TIMEOUT_MS + " ms", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the check of changelog topic '"
                        + topic + "'", e);
            }
        }
    }

    private static <T> T get(KafkaFuture<T> future, String what) {
        try {
            return future.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String hint = cause instanceof AuthorizationException
                    ? " (the principal needs DESCRIBE on the topic, and CREATE on it or on the cluster to create it)"
                    : "";
            throw new IllegalStateException("Cannot " + what + hint + ": " + cause, cause);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Cannot " + what + " within " + TIMEOUT_MS + " ms: are the brokers "
                    + "reachable?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while trying to " + what, e);
        }
    }
}
