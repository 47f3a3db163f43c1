package io.jetway.internal.kafka.txn;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReflectiveTransactionResumerTest {

    @Test
    void shouldFindTheInternalsOfThisKafkaClients() {
        assertThat(ReflectiveTransactionResumer.instance()).isSameAs(ReflectiveTransactionResumer.instance());
        assertThat(ReflectiveTransactionResumer.kafkaClientsVersion()).isEqualTo("4.4.0");
    }

    @Test
    void shouldNameTheKafkaClientsVersionWhenInternalsMoved() {
        // where ProducerIdAndEpoch lived before kafka-clients 4
        assertThatThrownBy(() -> new ReflectiveTransactionResumer(ReflectiveTransactionResumer.TRANSACTION_MANAGER,
                "org.apache.kafka.common.utils.ProducerIdAndEpoch"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kafka-clients 4.4.0")
                .hasMessageContaining("org.apache.kafka.common.utils.ProducerIdAndEpoch not found");
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
