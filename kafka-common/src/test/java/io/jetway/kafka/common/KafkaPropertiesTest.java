package io.jetway.kafka.common;

import io.jetway.testing.SecretProperties;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one redaction rule: Kafka's PASSWORD-typed properties and the named secrets, under any dotted prefix
 * such as a state backend's {@code kafka.}.
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
}
