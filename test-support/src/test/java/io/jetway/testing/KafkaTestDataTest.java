package io.jetway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.internals.Topic;
import org.junit.jupiter.api.Test;

class KafkaTestDataTest {
    @Test
    void shouldMakeUniqueLegalTopicNames() {
        String first = KafkaTestData.uniqueTopic("orders/eu west");
        String second = KafkaTestData.uniqueTopic("orders/eu west");
        String longName = KafkaTestData.uniqueTopic("x".repeat(300));

        assertThat(first).startsWith("orders_eu_west-").isNotEqualTo(second);
        assertThat(longName).hasSizeLessThanOrEqualTo(249);
        Topic.validate(first);
        Topic.validate(longName);
    }
}
