package io.jetway.internal.kafka;

import io.jetway.KafkaSinkConfig;
import io.jetway.KafkaSourceConfig;
import io.jetway.state.StateConfig;
import io.jetway.testing.SecretProperties;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one redaction rule: Kafka's PASSWORD-typed properties and the named secrets, under any dotted prefix
 * such as a state backend's {@code kafka.}; and what the configs print with every one of them set.
 */
class KafkaPropertiesTest {

    private static final String MARKER = "S3CRET-MARKER-7f3a";

    @Test
    void shouldHideEverySecretUnderItsOwnNameAndUnderAnyPrefix() {
        for (String key : SecretProperties.markedWith(MARKER).keySet()) {
            assertThat(KafkaProperties.isSecret(key)).as(key).isTrue();
            assertThat(KafkaProperties.isSecret("kafka." + key)).as("kafka." + key).isTrue();
            assertThat(KafkaProperties.isSecret("producer." + key)).as("producer." + key).isTrue();
        }
    }

    @Test
    void shouldShowWhatIsNoSecret() {
        for (String key : new String[] {"bootstrap.servers", "kafka.buffer.memory", "security.protocol",
                "kafka.sasl.mechanism", "client.id", "topic", "ssl.keystore.location", "jaas.config"}) {
            assertThat(KafkaProperties.isSecret(key)).as(key).isFalse();
        }
    }

    @Test
    void shouldRedactSortedWithoutDroppingAKey() {
        Map<String, String> props = new HashMap<>(SecretProperties.markedWith(MARKER));
        props.put("bootstrap.servers", "127.0.0.1:9092");

        Map<String, String> redacted = KafkaProperties.redacted(props);

        assertThat(redacted).containsOnlyKeys(props.keySet()).containsEntry("bootstrap.servers", "127.0.0.1:9092");
        assertThat(redacted.toString()).doesNotContain(MARKER);
        assertThat(redacted.values()).filteredOn(KafkaProperties.REDACTED::equals).hasSize(props.size() - 1);
    }

    @Test
    void shouldPrintNoSecretOfTheSourceTheSinkOrAStateBackend() {
        Map<String, String> secrets = SecretProperties.markedWith(MARKER);
        StateConfig state = StateConfig.backend("kafka-changelog").option("bootstrap.servers", "127.0.0.1:9092");
        for (Map.Entry<String, String> secret : secrets.entrySet()) {
            state = state.option("kafka." + secret.getKey(), secret.getValue());
        }
        KafkaSourceConfig source = KafkaSourceConfig.builder("127.0.0.1:9092").topics("in").properties(secrets).build();
        KafkaSinkConfig sink = KafkaSinkConfig.builder("127.0.0.1:9092").topic("out").properties(secrets).build();

        for (Object config : new Object[] {source, sink, state}) {
            assertThat(config.toString()).doesNotContain(MARKER).contains("sasl.jaas.config=[redacted]")
                                         .contains("127.0.0.1:9092");
        }
    }
}
