package io.jetway.testing;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.utils.Time;

/**
 * A KRaft broker and controller (one node) running inside this JVM, its log directory in a temporary
 * directory deleted on {@link #close()}. Cold start takes about 3 s.
 *
 * <p>Settings differing from Kafka's defaults: listeners on 127.0.0.1 only, replication 1 everywhere,
 * {@code auto.create.topics.enable=false}, {@code group.initial.rebalance.delay.ms=0}, 4 partitions for
 * the offsets and transaction-state topics, timed-out transactions aborted within 1 s. The transaction
 * protocol is Kafka's default (version 2); pass {@link KafkaBroker#transactionVersion(int)} for version 1.
 */
public final class EmbeddedKafkaBroker implements KafkaBroker {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final AtomicInteger NODE_IDS = new AtomicInteger();

    private final KafkaNode node;
    private final KafkaRaftServer server;
    private final BrokerAdmin admin;
    private boolean closed;

    private EmbeddedKafkaBroker(KafkaNode node, KafkaRaftServer server, BrokerAdmin admin) {
        this.node = node;
        this.server = server;
        this.admin = admin;
    }

    /** Starts a broker with the default settings and returns once it serves requests. */
    public static EmbeddedKafkaBroker start() {
        return start(Map.of());
    }

    /**
     * Starts a broker with {@code serverPropertyOverrides} applied over the defaults (keys with
     * {@link KafkaBroker#FORMAT_FEATURE_PREFIX} set feature levels at format time) and returns once it
     * serves requests.
     */
    public static EmbeddedKafkaBroker start(Map<String, String> serverPropertyOverrides) {
        KafkaNode node = KafkaNode.create(TempDirs.create("jetway-kafka-"), NODE_IDS.incrementAndGet(), Map.of(),
                serverPropertyOverrides);
        KafkaRaftServer server = null;
        BrokerAdmin admin = null;
        try {
            node.format();
            server = new KafkaRaftServer(new KafkaConfig(node.serverProperties(), false), Time.SYSTEM);
            server.startup();
            admin = new BrokerAdmin(node.bootstrapServers());
            admin.awaitReady(START_TIMEOUT, () -> false);
            return new EmbeddedKafkaBroker(node, server, admin);
        } catch (RuntimeException | Error e) {
            stopQuietly(server, admin, e);
            TempDirs.deleteRecursively(node.dir());
            throw e;
        }
    }

    @Override
    public String bootstrapServers() {
        return node.bootstrapServers();
    }

    @Override
    public void createTopic(String topic, int partitions, Map<String, String> topicConfigs) {
        admin.createTopic(topic, partitions, topicConfigs);
    }

    @Override
    public void addPartitions(String topic, int totalPartitions) {
        admin.addPartitions(topic, totalPartitions);
    }

    @Override
    public Admin admin() {
        return admin.admin();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            admin.close();
            server.shutdown();
            server.awaitShutdown();
        } finally {
            TempDirs.deleteRecursively(node.dir());
        }
    }

    private static void stopQuietly(KafkaRaftServer server, BrokerAdmin admin, Throwable failure) {
        try {
            if (admin != null) {
                admin.close();
            }
            if (server != null) {
                server.shutdown();
                server.awaitShutdown();
            }
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaBroker[" + bootstrapServers() + ", dir " + node.dir() + "]";
    }
}
