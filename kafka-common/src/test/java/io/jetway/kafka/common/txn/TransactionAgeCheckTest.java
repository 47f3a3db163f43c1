package io.jetway.kafka.common.txn;

import com.hazelcast.jet.RestartableException;
import com.hazelcast.logging.Logger;
import io.jetway.testing.KafkaBroker;
import io.jetway.testing.KafkaTestData;
import io.jetway.testing.SharedKafka;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link TransactionalProducerPool#checkTransactionAge}, shared by the transactional sink and the
 * {@code kafka-changelog} backend: phase 1 refuses to prepare when a transaction the snapshot would rely on
 * is older than half of {@code transaction.timeout.ms}.
 */
class TransactionAgeCheckTest {

    private static final int TIMEOUT_MS = 4_000;

    private final KafkaBroker kafka = SharedKafka.get();
    private final ExecutorService executor = Executors.newFixedThreadPool(3);
    private String topic;
    private TransactionalProducerPool<byte[], byte[]> pool;

    @BeforeEach
    void startPool() {
        topic = KafkaTestData.uniqueTopic("txn-age");
        kafka.createTopic(topic, 1);
        List<String> ids = new TransactionalIdScheme(topic).pool(0, 0, 3);
        pool = TransactionalProducerPool.start(ids, transactionalId -> {
            Map<String, Object> props = kafka.producerProps();
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
            props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TIMEOUT_MS);
            return new KafkaProducer<>(props);
        }, ReflectiveTransactionResumer.instance(), executor, Logger.getLogger(getClass()));
    }

    @AfterEach
    void closePool() {
        pool.close();
        executor.shutdownNow();
    }

    @Test
    void shouldLetAYoungTransactionBePrepared() {
        send();

        assertThatCode(() -> pool.checkTransactionAge(TIMEOUT_MS, "test", "raise it")).doesNotThrowAnyException();
    }

    @Test
    void shouldRefuseAnOpenTransactionOlderThanHalfTheTimeout() {
        long openedNs = System.nanoTime();
        send();
        awaitOlderThanHalfTheTimeout(openedNs);

        assertThatThrownBy(() -> pool.checkTransactionAge(TIMEOUT_MS, "test sink", "raise it"))
                .isInstanceOf(RestartableException.class)
                .hasMessageStartingWith("test sink: the open transaction of transactional.id '" + topic + "-")
                .hasMessageContaining("more than half of transaction.timeout.ms=" + TIMEOUT_MS)
                .hasMessageEndingWith("raise it");
    }

    /** A snapshot that failed left its transaction prepared; the next one would rely on it too. */
    @Test
    void shouldRefuseWhenATransactionOfAFailedSnapshotIsTooOld() {
        long openedNs = System.nanoTime();
        send();
        pool.prepare(1);                                    // snapshot 1 fails: never committed
        awaitOlderThanHalfTheTimeout(openedNs);
        send();                                             // a young transaction on another id

        assertThatThrownBy(() -> pool.checkTransactionAge(TIMEOUT_MS, "test", "raise it"))
                .isInstanceOf(RestartableException.class)
                .hasMessageContaining("prepared by snapshot 1 which did not succeed");
    }

    private void send() {
        pool.producer().send(new ProducerRecord<>(topic, 0, new byte[1], new byte[1]));
    }

    private static void awaitOlderThanHalfTheTimeout(long openedNs) {
        await("half of transaction.timeout.ms passed").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> System.nanoTime() - openedNs > (TIMEOUT_MS / 2 + 200) * 1_000_000L);
    }
}
