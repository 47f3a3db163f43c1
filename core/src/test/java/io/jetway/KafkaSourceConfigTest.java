package io.jetway;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaSourceConfigTest {

    @Test
    void shouldRejectMissingTopics() {
        assertThatThrownBy(() -> KafkaSourceConfig.builder("127.0.0.1:9092").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("topics(...) or topicPattern(...)");
    }

    @Test
    void shouldRejectTopicsAndPatternTogether() {
        assertThatThrownBy(() -> KafkaSourceConfig.builder("h:1").topics("a").topicPattern("b.*").build())
                .hasMessageContaining("exactly one");
    }

    @Test
    void shouldRejectInvalidPattern() {
        assertThatThrownBy(() -> KafkaSourceConfig.builder("h:1").topicPattern("a(").build())
                .hasMessageContaining("topicPattern 'a('");
    }

    @Test
    void shouldRejectAutoCommitAndDeserializers() {
        assertThatThrownBy(() -> KafkaSourceConfig.builder("h:1").topics("t").property("enable.auto.commit", "true").build())
                .hasMessageContaining("enable.auto.commit=true");
        assertThatThrownBy(() -> KafkaSourceConfig.builder("h:1").topics("t")
                .property("value.deserializer", "x").build())
                .hasMessageContaining("'value.deserializer' must not be set");
    }

    @Test
    void shouldRequireGroupIdToCommitOffsets() {
        assertThatThrownBy(() -> KafkaSourceConfig.builder("h:1").topics("t").commitOffsetsToGroup(true).build())
                .hasMessageContaining("'group.id'");
    }

    @Test
    void shouldRejectUnsupportedOffsetReset() {
        assertThatThrownBy(() -> KafkaSourceConfig.builder("h:1").topics("t").property("auto.offset.reset", "none").build())
                .hasMessageContaining("'auto.offset.reset' is 'none'");
    }

    @Test
    void shouldRejectBadDurationsAndParallelism() {
        assertThatThrownBy(() -> KafkaSourceConfig.builder("h:1").topics("t").startupTimeout(Duration.ZERO).build())
                .hasMessageContaining("startupTimeout");
        assertThatThrownBy(() -> KafkaSourceConfig.builder("h:1").topics("t").localParallelism(0).build())
                .hasMessageContaining("localParallelism");
    }

    @Test
    void shouldTakeStartPositionFromOffsetReset() {
        KafkaSourceConfig config = KafkaSourceConfig.builder("h:1").topics("t")
                .property("auto.offset.reset", "latest").build();
        assertThat(config.startPosition()).isEqualTo(StartPosition.LATEST);
        assertThat(KafkaSourceConfig.builder("h:1").topics("t").build().startPosition()).isEqualTo(StartPosition.EARLIEST);
    }

    @Test
    void shouldRedactSecretsInToString() {
        KafkaSourceConfig config = KafkaSourceConfig.builder("h:1").topics("t")
                .property("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                        + "username=\"u\" password=\"hunter2\";")
                .property("ssl.truststore.password", "hunter3")
                .build();
        assertThat(config.toString()).doesNotContain("hunter2").doesNotContain("hunter3").contains("[redacted]");
    }
}
