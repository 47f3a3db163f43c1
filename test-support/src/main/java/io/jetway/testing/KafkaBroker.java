package io.jetway.testing;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A single-node KRaft Kafka cluster for tests (in-process or in a child JVM), listening on 127.0.0.1 only.
 * Internal topics have replication 1; topics are never auto-created.
 *
 * <p>Server settings are overridable per broker. A key starting with {@link #FORMAT_FEATURE_PREFIX} is no
 * server setting: it sets a feature level when the storage is formatted, as
 * {@code kafka-storage.sh format --feature name=level} does; see {@link #transactionVersion(int)}.
 */
public interface KafkaBroker extends AutoCloseable {

    /** Prefix of override keys that set a feature level at format time: {@code jetway.format.feature.<name>}. */
    String FORMAT_FEATURE_PREFIX = "jetway.format.feature.";

    /**
     * Overrides that format the broker with transaction protocol {@code level}: 2 (the Kafka 4.x default,
     * KIP-890: the producer epoch is bumped at every commit and abort) or 1 (the pre-KIP-890 protocol).
     */
    static Map<String, String> transactionVersion(int level) {
        return Map.of(FORMAT_FEATURE_PREFIX + "transaction.version", String.valueOf(level));
    }

    /** {@code 127.0.0.1:PORT}. */
    String bootstrapServers();

    /** Creates a topic with replication 1 and returns once every partition has a leader. */
    default void createTopic(String topic, int partitions) {
        createTopic(topic, partitions, Map.of());
    }

    /** Creates a topic with replication 1 and the given topic configs; returns once every partition has a leader. */
    void createTopic(String topic, int partitions, Map<String, String> topicConfigs);

    /** Grows {@code topic} to {@code totalPartitions} and returns once every partition has a leader. */
    void addPartitions(String topic, int totalPartitions);

    /** A new mutable map: bootstrap servers, {@code byte[]} serializers, {@code acks=all}. */
    default Map<String, Object> producerProps() {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return props;
    }

    /**
     * A new mutable map: bootstrap servers, {@code byte[]} deserializers, {@code auto.offset.reset=earliest},
     * {@code enable.auto.commit=false}, no group id.
     */
    default Map<String, Object> consumerProps() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return props;
    }

    /** An {@link Admin} client owned by this broker object: do not close it, {@link #close()} does. */
    Admin admin();

    /** Stops the broker and deletes its directories. Idempotent. */
    @Override
    void close();
}
