package io.jetway;

import io.jetway.testing.eos.EosOutput;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link KafkaSinkConfig} checks everything at {@code build()} and names the wrong setting. */
class KafkaSinkConfigTest {

    private static KafkaSinkConfig.Builder builder() {
        return KafkaSinkConfig.builder("127.0.0.1:9092").topic("out");
    }

    @Test
    void shouldRejectAUserSetTransactionalId() {
        assertThatThrownBy(() -> builder().property("transactional.id", "mine").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'transactional.id' must not be set")
                .hasMessageContaining("transactionalIdPrefix");
    }

    @Test
    void shouldRejectSettingsThatBreakIdempotenceOrTheEncoder() {
        assertThatThrownBy(() -> builder().property("enable.idempotence", "false").build())
                .hasMessageContaining("enable.idempotence=false");
        assertThatThrownBy(() -> builder().property("acks", "1").build()).hasMessageContaining("acks=1");
        assertThatThrownBy(() -> builder().property("value.serializer", "x").build())
                .hasMessageContaining("'value.serializer' must not be set");
        assertThatThrownBy(() -> builder().transactionalIdPoolSize(1).build())
                .hasMessageContaining("transactionalIdPoolSize must be at least 2");
        assertThatThrownBy(() -> builder().localParallelism(0).build()).hasMessageContaining("localParallelism");
    }

    @Test
    void shouldTakeTheTransactionTimeoutFromTheBuilderOrTheProperty() {
        assertThat(builder().build().transactionTimeoutMs())
                .isEqualTo(KafkaSinkConfig.DEFAULT_TRANSACTION_TIMEOUT.toMillis());
        assertThat(builder().transactionTimeout(Duration.ofSeconds(30)).build().transactionTimeoutMs())
                .isEqualTo(30_000);
        KafkaSinkConfig fromProperty = builder().property("transaction.timeout.ms", "45000").build();
        assertThat(fromProperty.transactionTimeoutMs()).isEqualTo(45_000);
        assertThat(fromProperty.producerProperties()).doesNotContainKey("transaction.timeout.ms");
        assertThatThrownBy(() -> builder().property("transaction.timeout.ms", "soon").build())
                .hasMessageContaining("'transaction.timeout.ms' must be a number of milliseconds");
        assertThatThrownBy(() -> builder().transactionTimeout(Duration.ofSeconds(30))
                                          .property("transaction.timeout.ms", "45000").build())
                .hasMessageContaining("contradicts");
        assertThatThrownBy(() -> builder().transactionTimeout(Duration.ofMillis(10)).build())
                .hasMessageContaining("transaction timeout must be between 1 s");
    }

    @Test
    void shouldRedactSecretsInToString() {
        KafkaSinkConfig config = builder().property("sasl.jaas.config", "user=\"u\" password=\"p\"")
                                          .property("ssl.key.password", "k").build();
        assertThat(config.toString()).doesNotContain("password=\"p\"").doesNotContain("=k,").contains("[redacted]");
        assertThat(config.producerProperties()).containsEntry("ssl.key.password", "k");
    }

    @Test
    void shouldNeedATopicOrATopicFunction() {
        KafkaSinkConfig noTopic = KafkaSinkConfig.builder("127.0.0.1:9092").build();
        assertThatThrownBy(() -> JetwaySinks.kafkaP(noTopic, io.jetway.testing.eos.EosCodecs.OutputEncoder::new))
                .hasMessageContaining("names no topic");
        assertThat(JetwaySinks.<EosOutput>kafkaP(noTopic, EosOutput::key, io.jetway.testing.eos.EosCodecs.OutputEncoder::new)).isNotNull();
    }
}
