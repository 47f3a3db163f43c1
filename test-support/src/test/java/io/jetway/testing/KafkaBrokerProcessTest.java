package io.jetway.testing;

import static io.jetway.testing.EmbeddedKafkaBrokerTest.finalizedTransactionVersion;
import static io.jetway.testing.EmbeddedKafkaBrokerTest.producerEpochAfterCommitAndAbort;
import static io.jetway.testing.EmbeddedKafkaBrokerTest.record;
import static io.jetway.testing.EmbeddedKafkaBrokerTest.values;
import static io.jetway.testing.KafkaTestData.produce;
import static io.jetway.testing.KafkaTestData.readAll;
import static io.jetway.testing.KafkaTestData.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KafkaBrokerProcessTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @RegisterExtension
    static final KafkaExtension KAFKA = KafkaExtension.childProcess(KafkaBroker.transactionVersion(1));

    @Test
    void shouldKeepCommittedDataAndAcceptWritesAfterKillAndRestart() {
        KafkaBrokerProcess broker = KAFKA.brokerProcess();
        String bootstrap = broker.bootstrapServers();
        String topic = uniqueTopic("kill-restart");
        broker.createTopic(topic, 2);
        List<String> committed = new ArrayList<>();
        Map<String, Object> props = broker.producerProps();
        String transactionalId = topic + "-producer";
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < 100; i++) {
                committed.add("committed-" + i);
                producer.send(record(topic, "committed-" + i));
            }
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(record(topic, "aborted"));
            producer.flush();
            producer.abortTransaction();
        }
        // abortTransaction() returns before the coordinator has written the abort markers; a kill -9 in
        // between is a different test (Kafka must finish the abort after the restart).
        await("transaction " + transactionalId + " completely aborted").atMost(TIMEOUT)
                .until(() -> broker.admin().describeTransactions(List.of(transactionalId))
                        .description(transactionalId).get().state() == TransactionState.COMPLETE_ABORT);

        long killStartNs = System.nanoTime();
        broker.kill();
        long killedNs = System.nanoTime();
        assertThat(broker.isAlive()).isFalse();
        broker.restart();
        long restartedNs = System.nanoTime();
        System.out.printf("kill -9 took %d ms, restart %d ms%n",
                (killedNs - killStartNs) / 1_000_000, (restartedNs - killedNs) / 1_000_000);

        assertThat(broker.isAlive()).isTrue();
        assertThat(broker.bootstrapServers()).isEqualTo(bootstrap);
        assertThat(values(readAll(broker, topic, 100, TIMEOUT, true))).containsExactlyInAnyOrderElementsOf(committed);

        produce(broker, topic, 1, List.of("after-restart"));
        committed.add("after-restart");
        assertThat(values(readAll(broker, topic, 101, TIMEOUT, true))).containsExactlyInAnyOrderElementsOf(committed);
    }

    @Test
    void shouldRunTransactionProtocolVersion1WhenFormattedSo() throws Exception {
        KafkaBroker broker = KAFKA.broker();
        assertThat(finalizedTransactionVersion(broker)).isEqualTo((short) 1);
        // Version 1 keeps the producer epoch across commits and aborts (version 2 bumps it at each).
        assertThat(producerEpochAfterCommitAndAbort(broker, uniqueTopic("tv1"))).isZero();
    }
}
