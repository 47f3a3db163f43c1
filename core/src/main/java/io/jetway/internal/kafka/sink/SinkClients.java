package io.jetway.internal.kafka.sink;

import io.jetway.KafkaSinkConfig;
import io.jetway.kafka.common.KafkaProperties;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteBufferSerializer;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The client properties of a sink: the user's producer properties (security settings included, untouched)
 * plus what the sink owns. Admin and consumer clients (topic check, witness reads) get the user's properties
 * that their kind knows, so that no unknown-config warning is logged.
 */
final class SinkClients {

    private SinkClients() {
    }

    /** An idempotent producer's properties; transactional when {@code transactionalId} is not null. */
    static Map<String, Object> producer(KafkaSinkConfig config, String clientId, String transactionalId) {
        Map<String, Object> props = new HashMap<>(config.producerProperties());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteBufferSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteBufferSerializer.class.getName());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        if (transactionalId != null) {
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
            props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) config.transactionTimeoutMs());
        }
        return props;
    }

    /** An admin client's properties. */
    static Map<String, Object> admin(KafkaSinkConfig config, String clientId) {
        Map<String, Object> props = known(config, AdminClientConfig.configNames());
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        return props;
    }

    /** A group-less {@code read_committed} consumer's properties, for reading witnesses. */
    static Map<String, Object> witnessConsumer(KafkaSinkConfig config, String clientId) {
        Map<String, Object> props = known(config, ConsumerConfig.configNames());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "16");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return props;
    }

    /** The user's properties with secrets redacted, for messages. */
    static Map<String, String> redacted(KafkaSinkConfig config) {
        return KafkaProperties.redacted(config.producerProperties());
    }

    private static Map<String, Object> known(KafkaSinkConfig config, Set<String> names) {
        Map<String, Object> props = new HashMap<>();
        config.producerProperties().forEach((key, value) -> {
            if (names.contains(key) || key.startsWith("sasl.") || key.startsWith("ssl.")) {
                props.put(key, value);
            }
        });
        return props;
    }
}
