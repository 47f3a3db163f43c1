package io.jetway.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;

/**
 * A KRaft broker in a child JVM with its controller in a second one, for tests that kill the broker or measure it
 * apart from the test JVM. The child runs {@link KafkaBrokerMain} (the server as {@code kafka.Kafka
 * server.properties} runs it) on this JVM's class path with {@code -Xmx512m}. Its directory (data,
 * {@code server.properties}, {@code broker.log} with the child's output at INFO) survives {@link #kill()}
 * and {@link #restart()} and is deleted on {@link #close()}; the log's tail is part of every start failure.
 *
 * <p>Same settings as {@link EmbeddedKafkaBroker}, plus a 3 s broker session timeout. The controller runs in
 * a JVM of its own (node id 2, directory {@code controller/}) and is not killed with the broker, as in a
 * production cluster: after a kill -9 it fences the dead broker once its session expires, and the restarted
 * broker registers anew; {@link #restart()} returns once it is unfenced. (A combined single node, restarted,
 * first acts on its dead incarnation's registration and then leaves every partition without a leader for a
 * moment, in which Kafka's transaction coordinator skips markers: see docs/hanging-transactions.md.)
 */
public final class KafkaBrokerProcess implements KafkaBroker {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final List<String> JVM_ARGS = List.of("-Xmx512m", "-Djava.net.preferIPv4Stack=true",
            "-Dlog4j2.configurationFile=io/jetway/testing/kafka-broker-log4j2.xml");
    private static final Map<String, String> CHILD_DEFAULTS = Map.of(
            "broker.session.timeout.ms", "3000",
            "broker.heartbeat.interval.ms", "500");

    private static final List<String> CONTROLLER_JVM_ARGS = List.of("-Xmx256m", "-Djava.net.preferIPv4Stack=true",
            "-Dlog4j2.configurationFile=io/jetway/testing/kafka-broker-log4j2.xml");

    /**
     * System property with extra JVM options for the broker process, separated by spaces (for diagnosis, e.g. a
     * {@code -XX:StartFlightRecording=...} of the broker during a benchmark).
     */
    public static final String EXTRA_BROKER_JVM_ARGS = "jetway.broker.jvmArgs";

    private final KafkaNode controllerNode;
    private final KafkaNode node;
    private final BrokerAdmin admin;
    private ChildJvm controller;
    private ChildJvm child;
    private boolean closed;

    private KafkaBrokerProcess(KafkaNode controllerNode, KafkaNode node) {
        this.controllerNode = controllerNode;
        this.node = node;
        this.admin = new BrokerAdmin(node.bootstrapServers());
    }

    /** Formats a new broker directory, starts the child JVM and returns once the broker serves requests. */
    public static KafkaBrokerProcess start() {
        return start(Map.of());
    }

    /**
     * As {@link #start()}, with {@code serverPropertyOverrides} applied over the defaults (keys with
     * {@link KafkaBroker#FORMAT_FEATURE_PREFIX} set feature levels at format time).
     */
    public static KafkaBrokerProcess start(Map<String, String> serverPropertyOverrides) {
        List<KafkaNode> nodes = KafkaNode.controllerAndBroker(TempDirs.create("jetway-kafka-process-"), CHILD_DEFAULTS,
                serverPropertyOverrides);
        KafkaNode node = nodes.get(1);
        KafkaBrokerProcess broker = null;
        try {
            nodes.get(0).format();
            node.format();
            broker = new KafkaBrokerProcess(nodes.get(0), node);
            broker.launchController();
            broker.launch();
            return broker;
        } catch (RuntimeException | Error e) {
            if (broker != null) {
                broker.close();
            } else {
                TempDirs.deleteRecursively(node.dir());
            }
            throw e;
        }
    }

    private synchronized void launchController() {
        controller = launchChild("Kafka controller of " + node.bootstrapServers(), CONTROLLER_JVM_ARGS, controllerNode,
                "controller", false);
    }

    private synchronized void launch() {
        child = launchChild("Kafka broker process at " + node.bootstrapServers(), brokerJvmArgs(), node, "broker", true);
    }

    /**
     * Starts {@code what} from {@code n}'s {@code server.properties} and returns once it wrote its ready file
     * ({@code <name>.ready}; output in {@code <name>.log}) and, for a broker, serves requests.
     */
    private ChildJvm launchChild(String what, List<String> jvmArgs, KafkaNode n, String name, boolean broker) {
        Path readyFile = n.dir().resolve(name + ".ready");
        try {
            Files.deleteIfExists(readyFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + readyFile, e);
        }
        ChildJvm started = ChildJvm.start(what, jvmArgs, KafkaBrokerMain.class,
                List.of(n.serverPropertiesFile().toString(), readyFile.toString()), n.dir().resolve(name + ".log"));
        try {
            await(what + " wrote " + readyFile)
                    .atMost(START_TIMEOUT)
                    .pollInSameThread()
                    .pollInterval(Duration.ofMillis(50))
                    .failFast(what + " exited", () -> !started.isAlive())
                    .until(() -> Files.exists(readyFile));
            if (broker) {
                admin.awaitReady(START_TIMEOUT, () -> !started.isAlive());
            }
            return started;
        } catch (RuntimeException e) {
            started.kill();
            throw new IllegalStateException(what + " did not start (exit code " + started.exitCodeOrMinusOne() + ")"
                    + System.lineSeparator() + started.logTail(), e);
        }
    }

    private static List<String> brokerJvmArgs() {
        String extra = System.getProperty(EXTRA_BROKER_JVM_ARGS, "").trim();
        if (extra.isEmpty()) {
            return JVM_ARGS;
        }
        List<String> args = new ArrayList<>(JVM_ARGS);
        args.addAll(List.of(extra.split("\\s+")));
        return args;
    }

    /** Kills the broker with SIGKILL (no shutdown hooks, no flush) and waits for the process to exit. */
    public synchronized void kill() {
        if (child != null) {
            child.kill();
        }
    }

    /** Stops the broker with SIGTERM (a clean shutdown) and waits for the process to exit. */
    public synchronized void stop() {
        if (child != null) {
            child.stop();
        }
    }

    /**
     * Starts the broker again on the same directory and ports after {@link #kill()} or {@link #stop()};
     * returns once it serves requests. Clients keep their bootstrap address.
     *
     * @throws IllegalStateException if the broker is still running or was closed
     */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("Broker " + node.bootstrapServers() + " is closed");
        }
        if (isAlive()) {
            throw new IllegalStateException("Broker " + node.bootstrapServers()
                    + " is still running: kill() or stop() it first");
        }
        launch();
    }

    /**
     * The CPU time the broker's and the controller's JVMs have used so far (their current processes), for a
     * benchmark that charges the broker's work to what caused it; 0 when the system does not say.
     */
    public synchronized long cpuNanos() {
        return (child == null ? 0 : child.cpuNanos()) + (controller == null ? 0 : controller.cpuNanos());
    }

    /** Whether the broker's JVM is running. */
    public synchronized boolean isAlive() {
        return child != null && child.isAlive();
    }

    /** The broker's directory (data, {@code server.properties}, {@code broker.log}), for diagnostics. */
    public Path directory() {
        return node.dir();
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

    /** Kills the broker, closes the admin client, deletes the directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            admin.close();
            kill();
            if (controller != null) {
                controller.kill();
            }
        } finally {
            TempDirs.deleteRecursively(node.dir());
        }
    }

    @Override
    public String toString() {
        return "KafkaBrokerProcess[" + bootstrapServers() + ", " + child + ", dir " + node.dir() + "]";
    }
}
