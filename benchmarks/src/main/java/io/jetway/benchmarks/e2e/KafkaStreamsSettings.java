package io.jetway.benchmarks.e2e;

import org.apache.kafka.streams.StreamsConfig;

import java.nio.file.Path;
import java.util.Properties;

/**
 * The Kafka Streams configuration every Kafka Streams variant shares: {@code exactly_once_v2}, commit
 * interval = Jetway's snapshot interval, 2 stream threads, state in {@code stateDir}.
 */
final class KafkaStreamsSettings {

    private KafkaStreamsSettings() {
    }

    static Properties exactlyOnce(VariantSettings s, String applicationId, Path stateDir) {
        return exactlyOnce(s.bootstrap(), s.snapshotIntervalMs(), applicationId, stateDir);
    }

    /** The same for a Kafka Streams instance outside a variant's JVM ({@link KafkaStreamsCountMain}). */
    static Properties exactlyOnce(String bootstrap, long commitIntervalMs, String applicationId, Path stateDir) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return p;
    }
}
