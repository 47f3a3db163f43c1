package io.jetway;

import io.jetway.state.StateConfig;
import io.jetway.testing.SecretProperties;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the source, sink and state configs print with every Kafka secret set: none of it. */
class ConfigsPrintNoSecretTest {

    private static final String MARKER = "S3CRET-MARKER-7f3a";

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
