package io.jetway.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;

/**
 * The configuration and storage of one KRaft node on 127.0.0.1: ports, directories, {@code server.properties},
 * and formatting. A single-node cluster (broker and controller combined, one node id), or the controller or
 * the broker of a two-node cluster ({@link #controllerAndBroker}).
 */
final class KafkaNode {
    private final Path dir;
    private final int brokerPort;
    private final int controllerPort;
    private final String clusterId;
    private final Map<String, String> serverProperties;
    private final Map<String, String> formatFeatures;

    private KafkaNode(Path dir, int brokerPort, int controllerPort, Map<String, String> serverProperties,
                      Map<String, String> formatFeatures) {
        this(dir, brokerPort, controllerPort, serverProperties, formatFeatures, Uuid.randomUuid().toString());
    }

    private KafkaNode(Path dir, int brokerPort, int controllerPort, Map<String, String> serverProperties,
                      Map<String, String> formatFeatures, String clusterId) {
        this.dir = dir;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.clusterId = clusterId;
        this.serverProperties = serverProperties;
        this.formatFeatures = formatFeatures;
    }

    /**
     * @param nodeId       the node id; brokers in one JVM take different ids so that their JMX names differ
     * @param kindDefaults settings of the broker kind (in-process or child), applied over the common ones
     * @param overrides    the caller's settings, applied last; keys starting with
     *                     {@link KafkaBroker#FORMAT_FEATURE_PREFIX} become format-time feature levels
     */
    static KafkaNode create(Path dir, int nodeId, Map<String, String> kindDefaults, Map<String, String> overrides) {
        int brokerPort = FreePorts.pick();
        int controllerPort = FreePorts.pick();
        Map<String, String> props = new LinkedHashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(nodeId));
        props.put("controller.quorum.voters", nodeId + "@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        brokerSettings(props, dir, brokerPort);
        props.putAll(kindDefaults);
        Map<String, String> features = new TreeMap<>();
        applyOverrides(overrides, props, features);
        return new KafkaNode(dir, brokerPort, controllerPort, props, features);
    }

    /**
     * A KRaft controller and a broker as two nodes of one cluster, for a broker that is killed and restarted
     * while its controller stays up, as in production clusters: a combined single node, restarted, first
     * acts on its dead incarnation's registration and then has every partition without a leader for a
     * moment, in which a transaction coordinator skips transaction markers (docs/hanging-transactions.md).
     * Element 0 is the controller (node id 2, directory {@code dir/controller}), element 1 the broker (node
     * id 1, directory {@code dir}); format-time features go to the controller.
     */
    static List<KafkaNode> controllerAndBroker(Path dir, Map<String, String> kindDefaults,
                                               Map<String, String> overrides) {
        int brokerPort = FreePorts.pick();
        int controllerPort = FreePorts.pick();
        String clusterId = Uuid.randomUuid().toString();
        String voters = "2@127.0.0.1:" + controllerPort;
        Path controllerDir = dir.resolve("controller");
        try {
            Files.createDirectories(controllerDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + controllerDir, e);
        }
        Map<String, String> controller = new LinkedHashMap<>();
        controller.put("process.roles", "controller");
        controller.put("node.id", "2");
        controller.put("controller.quorum.voters", voters);
        controller.put("listeners", "CONTROLLER://127.0.0.1:" + controllerPort);
        controller.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT");
        controller.put("controller.listener.names", "CONTROLLER");
        controller.put("log.dirs", controllerDir.resolve("data").toString());
        controller.putAll(kindDefaults);

        Map<String, String> broker = new LinkedHashMap<>();
        broker.put("process.roles", "broker");
        broker.put("node.id", "1");
        broker.put("controller.quorum.voters", voters);
        broker.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        brokerSettings(broker, dir, brokerPort);
        broker.putAll(kindDefaults);
        Map<String, String> features = new TreeMap<>();
        applyOverrides(overrides, broker, features);
        return List.of(new KafkaNode(controllerDir, brokerPort, controllerPort, controller, features, clusterId),
                new KafkaNode(dir, brokerPort, controllerPort, broker, Map.of(), clusterId));
    }

    private static void brokerSettings(Map<String, String> props, Path dir, int brokerPort) {
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", dir.resolve("data").toString());
        props.put("num.partitions", "1");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("auto.create.topics.enable", "false");
        props.put("offsets.topic.replication.factor", "1");
        // Fewer partitions than the default 50 of the internal topics: their creation on first use is quicker.
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "4");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        // Each new log segment's offset and time index is a sparse file of this size, mapped into memory. On this
        // project's test machines (a VM on ext4) the first write into a fresh mapping costs about 1 ms per MB of
        // it: 8-16 ms per 10 MB default index, so the first index entries of a 271-partition changelog stalled
        // the broker's request threads for seconds. 256 KiB (32,768 offset entries, a segment rolls after about
        // 128 MB) costs well under 1 ms per file. See docs/evidence/broker-index-first-touch.md.
        props.put("log.index.size.max.bytes", "262144");
        // Transactions past transaction.timeout.ms are aborted within 1 s instead of 10 s.
        props.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
    }

    private static void applyOverrides(Map<String, String> overrides, Map<String, String> props,
                                       Map<String, String> features) {
        overrides.forEach((key, value) -> {
            if (key.startsWith(KafkaBroker.FORMAT_FEATURE_PREFIX)) {
                features.put(key.substring(KafkaBroker.FORMAT_FEATURE_PREFIX.length()), value);
            } else {
                props.put(key, value);
            }
        });
    }

    String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    Path dir() {
        return dir;
    }

    Map<String, String> serverProperties() {
        return serverProperties;
    }

    Path serverPropertiesFile() {
        return dir.resolve("server.properties");
    }

    /** Writes {@code server.properties} into the node's directory and returns its path. */
    Path writeServerProperties() {
        Properties properties = new Properties();
        properties.putAll(serverProperties);
        Path file = serverPropertiesFile();
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(out, "Jetway test broker, cluster " + clusterId);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
        return file;
    }

    /**
     * Formats the log directories with Kafka's own storage tool (as {@code kafka-storage.sh format}
     * does), passing each format-time feature as {@code --feature name=level}.
     */
    void format() {
        Path propertiesFile = writeServerProperties();
        List<String> args = new ArrayList<>(List.of("format", "--cluster-id", clusterId,
                "--config", propertiesFile.toString()));
        formatFeatures.forEach((name, level) -> {
            args.add("--feature");
            args.add(name + "=" + level);
        });
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exitCode;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            exitCode = StorageTool.execute(args.toArray(String[]::new), out);
        } catch (Exception e) {
            throw new IllegalStateException("kafka-storage " + args + " failed: " + e.getMessage()
                    + "; output: " + output.toString(StandardCharsets.UTF_8), e);
        }
        if (exitCode != 0) {
            throw new IllegalStateException("kafka-storage " + args + " exited with " + exitCode + ": "
                    + output.toString(StandardCharsets.UTF_8));
        }
    }
}
