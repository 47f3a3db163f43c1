package io.jetway.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;

/**
 * Entry point of the child JVM that {@link KafkaBrokerProcess} starts. It does what {@code kafka.Kafka}
 * does for a KRaft node (start the server, stop it on SIGTERM) and in addition writes a ready file once
 * {@code startup()} returned, that is once this incarnation of the broker is registered and unfenced:
 * after a kill -9 the controller first acts on the dead incarnation's registration for a few seconds,
 * which a client probe from outside cannot tell apart. A watchdog halts the JVM when the test JVM is
 * gone. Not for use in tests.
 */
public final class KafkaBrokerMain {
    private KafkaBrokerMain() {
    }

    /** @param args the path of {@code server.properties} and the path of the ready file to write */
    public static void main(String[] args) {
        if (args.length != 2) {
            throw new IllegalArgumentException("Usage: KafkaBrokerMain <server.properties> <ready-file>");
        }
        ParentWatchdog.start();
        try {
            Properties props = Utils.loadProps(args[0]);
            KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
            Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown, "jetway-kafka-shutdown"));
            server.startup();
            Files.writeString(Path.of(args[1]), Long.toString(ProcessHandle.current().pid()), StandardCharsets.UTF_8);
            System.out.println("jetway: Kafka broker started, pid " + ProcessHandle.current().pid());
            server.awaitShutdown();
        } catch (Throwable e) {
            System.err.println("jetway: Kafka broker failed");
            e.printStackTrace();
            System.exit(1);
        }
    }
}
