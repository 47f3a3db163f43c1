package io.jetway.kafka.common.txn;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReflectiveTransactionResumerTest {

    // The kafka.version of the build (root pom; -Pkafka-4.x), so that a compatibility run shows it ran that jar.
    private static final String BUILD_KAFKA_VERSION = System.getProperty("jetway.test.kafka.version");

    @Test
    void shouldFindTheInternalsOfThisKafkaClients() {
        String version = ReflectiveTransactionResumer.kafkaClientsVersion();
        if (BUILD_KAFKA_VERSION != null) {
            assertThat(version).isEqualTo(BUILD_KAFKA_VERSION);
        }
        // every version a build runs with must be listed as tested: a new profile needs its entry
        assertThat(KafkaClientsCompatibility.TESTED).contains(version);
        assertThat(ReflectiveTransactionResumer.instance()).isSameAs(ReflectiveTransactionResumer.instance());
    }

    @Test
    void shouldNameTheKafkaClientsVersionWhenInternalsMoved() {
        String version = ReflectiveTransactionResumer.kafkaClientsVersion();
        assertThatThrownBy(() -> new ReflectiveTransactionResumer(ReflectiveTransactionResumer.TRANSACTION_MANAGER,
                List.of("org.example.moved.ProducerIdAndEpoch")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kafka-clients " + version + ":")
                .hasMessageContaining("TransactionManager.producerIdAndEpoch of type "
                        + "org.example.moved.ProducerIdAndEpoch (found ")
                .hasMessageContaining("tested with kafka-clients 4.0.2, 4.1.2, 4.2.2, 4.3.2, 4.4.0");
    }

    @Test
    void shouldRefuseAnUntestedKafkaClientsNamingItTheTestedOnesAndTheOverride() {
        List<String> warnings = new ArrayList<>();
        for (String untested : List.of("3.9.1", "4.5.0", "5.0.0", "4.4.0-SNAPSHOT", "8.0.0-ccs", "(unknown version)")) {
            assertThatThrownBy(() -> ReflectiveTransactionResumer.create(untested, null, warnings::add))
                    .as(untested)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("Exactly-once with Kafka transactions is not supported with kafka-clients "
                            + untested + ":")
                    .hasMessageContaining("tested with kafka-clients 4.0.2, 4.1.2, 4.2.2, 4.3.2, 4.4.0 (and any "
                            + "other patch release of those minor lines)")
                    .hasMessageContaining("set -Djetway.kafka.clients.untested=allow on every member to try this "
                            + "version at your own risk");
        }
        // any other value than "allow" is no override, and the message shows what was set
        assertThatThrownBy(() -> ReflectiveTransactionResumer.create("3.9.1", "true", warnings::add))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kafka-clients 3.9.1")
                .hasMessageEndingWith("(jetway.kafka.clients.untested is 'true')");
        assertThat(warnings).isEmpty();
    }

    @Test
    void shouldAcceptEveryReleaseOfATestedMinorLineWithoutAWarning() {
        List<String> warnings = new ArrayList<>();
        for (String version : List.of("4.0.0", "4.0.2", "4.1.1", "4.2.2", "4.3.0", "4.4.0", "4.4.1")) {
            assertThat(KafkaClientsCompatibility.isTested(version)).as(version).isTrue();
            assertThat(ReflectiveTransactionResumer.create(version, null, warnings::add)).as(version).isNotNull();
        }
        assertThat(warnings).isEmpty();
    }

    @Test
    void shouldResumeWithAnUntestedKafkaClientsWhenOverriddenAndWarn() {
        List<String> warnings = new ArrayList<>();

        ReflectiveTransactionResumer resumer = ReflectiveTransactionResumer.create("4.5.0", " Allow ", warnings::add);

        assertThat(warnings).singleElement().asString()
                .contains("kafka-clients 4.5.0, which Jetway has not been tested with")
                .contains("-Djetway.kafka.clients.untested=allow is set")
                .contains("at your own risk");
        // the resumer is a working one: it reads the (missing) transaction of a real producer
        Map<String, Object> props = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1",
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "override-test");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            assertThatThrownBy(() -> resumer.currentTransaction(producer))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("'override-test' has no producer id yet");
            producer.close(Duration.ZERO);
        }
    }

    @Test
    void shouldRefuseToResumeOnAnInitialisedProducer() {
        Map<String, Object> props = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1",
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "resume-test");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            PreparedTransaction wrongId = new PreparedTransaction("other", 1, (short) 0, true);

            assertThatThrownBy(() -> ReflectiveTransactionResumer.instance().resume(producer, wrongId))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'resume-test'");
            assertThatThrownBy(() -> ReflectiveTransactionResumer.instance().currentTransaction(producer))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("initTransactions not done");
            producer.close(Duration.ZERO);
        }
    }
}
