package io.jetway.state.changelog;

import io.jetway.state.StateConfig;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaChangelogConfigTest {

    private static final String SERVERS = "127.0.0.1:9092";

    @Test
    void shouldWriteEverySettingAsTheOptionTheBackendReadsBack() {
        StateConfig state = KafkaChangelogConfig.builder(SERVERS)
                .topic("orders-changelog")
                .createTopic(false)
                .replicationFactor((short) 3)
                .transactionTimeout(Duration.ofMinutes(2))
                .transactionalIdPrefix("orders-count")
                .transactionPoolSize(5)
                .restoreThreads(2)
                .restoreStallTimeout(Duration.ofSeconds(200))
                .restoreHangingCheck(Duration.ofSeconds(10))
                .writeBufferKeys(0)
                .kafkaProperty("security.protocol", "SASL_SSL")
                .build()
                .toStateConfig();

        assertThat(state.backendName()).isEqualTo(KafkaChangelogStateBackendFactory.NAME);
        ChangelogOptions options = ChangelogOptions.parse(state.options(), "job", "vertex");
        assertThat(options.topic()).isEqualTo("orders-changelog");
        assertThat(options.createTopic()).isFalse();
        assertThat(options.replicationFactor()).isEqualTo((short) 3);
        assertThat(options.transactionTimeoutMs()).isEqualTo(120_000);
        assertThat(options.transactionalIds().prefix()).isEqualTo("orders-count");
        assertThat(options.poolSize()).isEqualTo(5);
        assertThat(options.restoreThreads()).isEqualTo(2);
        assertThat(options.restoreStallTimeoutMs()).isEqualTo(200_000);
        assertThat(options.restoreHangingCheckMs()).isEqualTo(10_000);
        assertThat(options.writeBufferKeys()).isZero();
        assertThat(options.adminProperties("a")).containsEntry("bootstrap.servers", SERVERS)
                                                 .containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void shouldWriteTheSameOptionsAsTheStringForm() {
        StateConfig typed = KafkaChangelogConfig.builder(SERVERS).topic("t").transactionTimeout(Duration.ofMinutes(1))
                                                .kafkaProperty("linger.ms", "5").build().toStateConfig();
        StateConfig strings = StateConfig.backend("kafka-changelog").option("bootstrap.servers", SERVERS)
                                         .option("topic", "t").option("transaction.timeout.ms", "60000")
                                         .option("kafka.linger.ms", "5");

        assertThat(typed.backendName()).isEqualTo(strings.backendName());
        assertThat(typed.options()).isEqualTo(strings.options());
    }

    @Test
    void shouldLeaveEveryOtherOptionToItsDefault() {
        KafkaChangelogConfig config = KafkaChangelogConfig.builder(SERVERS).build();

        assertThat(config.options()).containsOnlyKeys("bootstrap.servers");
        // the defaults the builder's javadoc names
        ChangelogOptions options = ChangelogOptions.parse(config.options(), "orders", "count");
        assertThat(options.topic()).isEqualTo("orders-count-changelog");
        assertThat(options.createTopic()).isTrue();
        assertThat(options.replicationFactor()).isEqualTo((short) -1);
        assertThat(options.transactionTimeoutMs()).isEqualTo(Duration.ofMinutes(15).toMillis());
        assertThat(options.transactionalIds().prefix()).isEqualTo("orders-count");
        assertThat(options.poolSize()).isEqualTo(3);
        assertThat(options.restoreThreads()).isEqualTo(4);
        assertThat(options.restoreStallTimeoutMs()).isEqualTo(Duration.ofMinutes(16).toMillis());
        assertThat(options.restoreHangingCheckMs()).isEqualTo(30_000);
        assertThat(options.writeBufferKeys()).isEqualTo(100_000);
    }

    @Test
    void shouldTruncateDurationsToWholeMilliseconds() {
        KafkaChangelogConfig config = KafkaChangelogConfig.builder(SERVERS)
                .transactionTimeout(Duration.ofNanos(60_000_999_999L)).build();

        assertThat(config.options()).containsEntry("transaction.timeout.ms", "60000");
    }

    @Test
    void shouldFailAtBuildNamingTheOption() {
        assertBuildFails(b -> b.topic("a/b"), "'topic' is not a legal Kafka topic name");
        assertBuildFails(b -> b.replicationFactor((short) 0), "'replication.factor' must be >= 1");
        assertBuildFails(b -> b.transactionTimeout(Duration.ZERO), "'transaction.timeout.ms' must be >= 1, was 0");
        assertBuildFails(b -> b.transactionTimeout(Duration.ofDays(30)),
                "'transaction.timeout.ms' must be an integer from 1 to 2147483647, was '2592000000'");
        assertBuildFails(b -> b.transactionTimeout(Duration.ofSeconds(Long.MAX_VALUE)),
                "'transaction.timeout.ms' must be an integer from 1 to 2147483647");
        assertBuildFails(b -> b.transactionalIdPrefix(""), "'transactional.id.prefix' cannot be empty");
        assertBuildFails(b -> b.transactionPoolSize(1), "'transaction.pool.size' must be >= 2, was 1");
        assertBuildFails(b -> b.restoreThreads(0), "'restore.threads' must be >= 1, was 0");
        assertBuildFails(b -> b.restoreStallTimeout(Duration.ofSeconds(-1)),
                "'restore.stall.timeout.ms' must be >= 1, was -1000");
        assertBuildFails(b -> b.restoreHangingCheck(Duration.ofNanos(1)), "'restore.hanging.check.ms' must be >= 1");
        assertBuildFails(b -> b.writeBufferKeys(-1), "'write.buffer.keys' must be >= 0, was -1");
        assertBuildFails(b -> b.kafkaProperty("transactional.id", "x"), "'kafka.transactional.id' is not allowed");
        assertBuildFails(b -> b.kafkaProperty("bootstrap.servers", "x"), "from option 'bootstrap.servers'");
        assertBuildFails(b -> b.kafkaProperty("batch.size", "large"), "'kafka.batch.size' must be an integer");
        assertBuildFails(b -> b.kafkaProperty("", "x"), "'kafka.' names no Kafka client property");
        assertThatThrownBy(() -> KafkaChangelogConfig.builder(" ").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'bootstrap.servers'").hasMessageContaining("required");
    }

    @Test
    void shouldRefuseNullsWhenSet() {
        assertThatThrownBy(() -> KafkaChangelogConfig.builder(null)).hasMessageContaining("bootstrapServers");
        assertThatThrownBy(() -> KafkaChangelogConfig.builder(SERVERS).transactionTimeout(null))
                .hasMessageContaining("timeout");
        assertThatThrownBy(() -> KafkaChangelogConfig.builder(SERVERS).kafkaProperty("linger.ms", null))
                .hasMessageContaining("value of linger.ms");
    }

    @Test
    void shouldRedactSecretsWhenShown() {
        KafkaChangelogConfig config = KafkaChangelogConfig.builder(SERVERS)
                .kafkaProperty("sasl.jaas.config", "PlainLoginModule required password=\"hunter2\";")
                .kafkaProperty("ssl.truststore.password", "hunter2").build();

        assertThat(config.toString()).doesNotContain("hunter2").contains("kafka.sasl.jaas.config=[redacted]")
                                     .contains(SERVERS);
        assertThat(config.toStateConfig().toString()).doesNotContain("hunter2");
    }

    @Test
    void shouldTravelWithTheJobAsPlainStrings() throws Exception {
        StateConfig state = KafkaChangelogConfig.builder(SERVERS).topic("t").build().toStateConfig();

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(state);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            StateConfig copy = (StateConfig) in.readObject();
            assertThat(copy.backendName()).isEqualTo(KafkaChangelogStateBackendFactory.NAME);
            assertThat(copy.options()).isEqualTo(state.options());
        }
    }

    private static void assertBuildFails(UnaryOperator<KafkaChangelogConfig.Builder> setting, String message) {
        KafkaChangelogConfig.Builder builder = setting.apply(KafkaChangelogConfig.builder(SERVERS));
        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class)
                                          .hasMessageContaining(message);
    }
}
