package io.jetway.state.changelog;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChangelogOptionsTest {

    private static final Map<String, String> MINIMAL = Map.of("bootstrap.servers", "127.0.0.1:9092");

    @Test
    void shouldDeriveTopicAndTransactionalIdsFromJobAndVertex() {
        ChangelogOptions options = ChangelogOptions.parse(MINIMAL, "orders job", "count/by key");

        assertThat(options.topic()).isEqualTo("orders_job-count_by_key-changelog");
        assertThat(options.transactionalIds().id(2, 0, 1)).isEqualTo("orders_job-count_by_key-2-2");
        assertThat(options.createTopic()).isTrue();
        assertThat(options.replicationFactor()).isEqualTo((short) -1);
        assertThat(options.transactionTimeoutMs()).isEqualTo(900_000);
        assertThat(options.poolSize()).isEqualTo(3);
        assertThat(options.restoreStallTimeoutMs()).isEqualTo(960_000);
    }

    @Test
    void shouldPassKafkaPropertiesToTheClientsThatKnowThem() {
        Map<String, String> raw = new HashMap<>(MINIMAL);
        raw.put("kafka.security.protocol", "SASL_SSL");
        raw.put("kafka.linger.ms", "7");
        raw.put("kafka.fetch.min.bytes", "1");
        raw.put("kafka.my.interceptor.setting", "x");
        ChangelogOptions options = ChangelogOptions.parse(raw, "job", "vertex");

        Map<String, Object> producer = options.producerProperties("p", "job-vertex-0-0");
        Map<String, Object> consumer = options.consumerProperties("c", true);
        Map<String, Object> admin = options.adminProperties("a");

        assertThat(producer).containsEntry("security.protocol", "SASL_SSL").containsEntry("linger.ms", "7")
                            .containsEntry("transactional.id", "job-vertex-0-0").containsEntry("acks", "all")
                            .containsEntry("my.interceptor.setting", "x").doesNotContainKey("fetch.min.bytes");
        assertThat(consumer).containsEntry("fetch.min.bytes", "1").containsEntry("isolation.level", "read_committed")
                            .doesNotContainKey("linger.ms");
        assertThat(admin).containsEntry("bootstrap.servers", "127.0.0.1:9092").containsEntry("security.protocol",
                "SASL_SSL");
    }

    @Test
    void shouldGiveRestoreConsumersTheirDefaultsUnlessTheUserSetsThem() {
        assertThat(ChangelogOptions.parse(MINIMAL, "job", "vertex").consumerProperties("c", true))
                .containsEntry("fetch.max.wait.ms", 20).containsEntry("max.poll.records", 10_000);
        assertThat(ChangelogOptions.parse(with("kafka.max.poll.records", "500"), "job", "vertex")
                                   .consumerProperties("c", true))
                .containsEntry("max.poll.records", "500").containsEntry("fetch.max.wait.ms", 20);
    }

    @Test
    void shouldRedactSecretsInWhatItLogs() {
        Map<String, String> raw = new HashMap<>(MINIMAL);
        raw.put("kafka.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                + "username=\"u\" password=\"hunter2\";");
        raw.put("kafka.ssl.truststore.password", "hunter2");

        String logged = ChangelogOptions.parse(raw, "job", "vertex").redactedClientProperties().toString();

        assertThat(logged).doesNotContain("hunter2").contains("sasl.jaas.config=[redacted]");
    }

    @Test
    void shouldNameTheOptionThatIsWrong() {
        assertThatThrownBy(() -> ChangelogOptions.parse(Map.of(), "j", "v"))
                .hasMessageContaining("'bootstrap.servers'").hasMessageContaining("required");
        assertThatThrownBy(() -> ChangelogOptions.parse(with("topics", "x"), "j", "v"))
                .hasMessageContaining("Unknown option 'topics'").hasMessageContaining("topic");
        assertThatThrownBy(() -> ChangelogOptions.parse(with("kafka.transactional.id", "x"), "j", "v"))
                .hasMessageContaining("'kafka.transactional.id' is not allowed");
        assertThatThrownBy(() -> ChangelogOptions.parse(with("transaction.pool.size", "1"), "j", "v"))
                .hasMessageContaining("'transaction.pool.size' must be >= 2");
        assertThatThrownBy(() -> ChangelogOptions.parse(with("transaction.timeout.ms", "soon"), "j", "v"))
                .hasMessageContaining("'transaction.timeout.ms' must be an integer");
        assertThatThrownBy(() -> ChangelogOptions.parse(with("create.topic", "yes"), "j", "v"))
                .hasMessageContaining("'create.topic' must be true or false");
        assertThatThrownBy(() -> ChangelogOptions.parse(with("topic", "a/b"), "j", "v"))
                .hasMessageContaining("not a legal Kafka topic name");
        assertThatThrownBy(() -> ChangelogOptions.parse(with("replication.factor", "0"), "j", "v"))
                .hasMessageContaining("'replication.factor' must be >= 1");
    }

    @Test
    void shouldShortenLongDefaultTopicNames() {
        String topic = ChangelogOptions.parse(MINIMAL, "j".repeat(300), "v").topic();

        assertThat(topic).hasSizeLessThanOrEqualTo(249).startsWith("jjjj");
    }

    private static Map<String, String> with(String key, String value) {
        Map<String, String> options = new HashMap<>(MINIMAL);
        options.put(key, value);
        return options;
    }
}
