package io.jetway.internal.kafka;

import io.jetway.KafkaSourceConfig;
import io.jetway.StartPosition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The consumer's properties: the user's, and the settings the source owns or defaults differently. */
class ConsumerPropertiesTest {

    @Test
    void shouldOwnDeserializersAndOffsetsAndFollowTheStartPosition() {
        KafkaSourceConfig config = KafkaSourceConfig.builder("h:1").topics("t")
                .property("auto.offset.reset", "latest").property("fetch.min.bytes", "1024").build();

        assertThat(ConsumerProperties.of(config, "x"))
                .containsEntry("bootstrap.servers", "h:1")
                .containsEntry("fetch.min.bytes", "1024")
                .containsEntry("key.deserializer", "org.apache.kafka.common.serialization.ByteBufferDeserializer")
                .containsEntry("value.deserializer", "org.apache.kafka.common.serialization.ByteBufferDeserializer")
                .containsEntry("enable.auto.commit", "false")
                .containsEntry("isolation.level", "read_committed")
                .containsEntry("auto.offset.reset", "latest");
        assertThat(ConsumerProperties.of(KafkaSourceConfig.builder("h:1").topics("t")
                .property("auto.offset.reset", "latest").startPosition(StartPosition.EARLIEST).build(), "x"))
                .containsEntry("auto.offset.reset", "earliest");
    }

    @Test
    void shouldLetTheOsSizeTheSocketBufferUnlessTheUserSetsIt() {
        assertThat(ConsumerProperties.of(KafkaSourceConfig.builder("h:1").topics("t").build(), "x"))
                .containsEntry("receive.buffer.bytes", "-1");
        assertThat(ConsumerProperties.of(KafkaSourceConfig.builder("h:1").topics("t")
                .property("receive.buffer.bytes", "131072").build(), "x"))
                .containsEntry("receive.buffer.bytes", "131072");
    }

    @Test
    void shouldKeepAUserIsolationLevel() {
        assertThat(ConsumerProperties.of(KafkaSourceConfig.builder("h:1").topics("t")
                .property("isolation.level", "read_uncommitted").build(), "x"))
                .containsEntry("isolation.level", "read_uncommitted");
    }

    @Test
    void shouldSuffixTheClientId() {
        assertThat(ConsumerProperties.of(KafkaSourceConfig.builder("h:1").topics("t").build(), "job-3"))
                .containsEntry("client.id", "jetway-source-job-3");
        assertThat(ConsumerProperties.of(KafkaSourceConfig.builder("h:1").topics("t")
                .property("client.id", "orders").build(), "job-3"))
                .containsEntry("client.id", "orders-job-3");
    }
}
