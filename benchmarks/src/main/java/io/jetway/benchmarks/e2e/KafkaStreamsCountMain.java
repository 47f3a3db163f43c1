package io.jetway.benchmarks.e2e;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;

/**
 * One Kafka Streams instance of {@link KafkaStreamsRecoveryVariant} in its own JVM: the exactly-once count of
 * {@link KafkaStreamsCountToKafkaVariant} (every update, no record cache) with {@link KafkaStreamsSettings}, the
 * consumer group's session timeout and heartbeat interval those of {@link RecoveryRun}. It runs until killed,
 * and halts when its parent's end of its standard input closes (the parent died).
 * <pre>KafkaStreamsCountMain bootstrap input output application-id state-dir commit-interval-ms</pre>
 */
public final class KafkaStreamsCountMain {

    private KafkaStreamsCountMain() {
    }

    /** @param args bootstrap servers, input topic, output topic, application id, state directory, commit interval */
    public static void main(String[] args) {
        if (args.length != 6) {
            throw new IllegalArgumentException("Usage: KafkaStreamsCountMain bootstrap input output application-id "
                    + "state-dir commit-interval-ms");
        }
        Thread watchdog = new Thread(KafkaStreamsCountMain::haltWhenParentGone, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        Properties p = KafkaStreamsSettings.exactlyOnce(args[0], Long.parseLong(args[5]), args[3], Path.of(args[4]));
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0L);
        p.put(StreamsConfig.consumerPrefix("session.timeout.ms"), RecoveryRun.FAILURE_TIMEOUT_SECONDS * 1000);
        p.put(StreamsConfig.consumerPrefix("heartbeat.interval.ms"), RecoveryRun.HEARTBEAT_INTERVAL_SECONDS * 1000);
        KafkaStreams streams = new KafkaStreams(KafkaStreamsCountToKafkaVariant.topology(args[1], args[2]), p);
        streams.setStateListener((now, before) -> System.err.println("kafka-streams: " + before + " -> " + now));
        streams.start();
        // Kafka Streams' non-daemon threads keep this JVM running until it is killed.
    }

    private static void haltWhenParentGone() {
        InputStream in = System.in;
        try {
            while (in.read() >= 0) {
                // nothing is sent; end of stream means the parent is gone
            }
        } catch (IOException e) {
            // the same
        }
        Runtime.getRuntime().halt(1);
    }
}
