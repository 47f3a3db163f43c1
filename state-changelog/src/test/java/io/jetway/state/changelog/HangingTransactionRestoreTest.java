package io.jetway.state.changelog;

import com.hazelcast.logging.Logger;
import io.jetway.kafka.common.txn.OpenTransactions;
import io.jetway.kafka.common.txn.OpenTransactions.OpenTransaction;
import io.jetway.testing.KafkaBroker;
import io.jetway.testing.KafkaTestData;
import io.jetway.testing.SharedKafka;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.ByteBufferDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A changelog restore blocked by a transaction that a partition holds open: a hanging one (no coordinator
 * will ever end it, seen after a broker kill -9) fails the restore at the first check, naming it and what
 * to do, instead of after the stall timeout (transaction timeout + 60 s, 16 minutes by default); one that
 * its coordinator still has in progress is found but not called hanging, so the restore waits for it.
 */
class HangingTransactionRestoreTest {

    private final KafkaBroker kafka = SharedKafka.get();
    private final OffHeapMemory memory = new OffHeapMemory();
    private final OffHeapBytesMap target = new OffHeapBytesMap(memory);
    private KafkaProducer<byte[], byte[]> blocker;

    @AfterEach
    void close() {
        target.close();
        if (blocker != null) {
            blocker.close(Duration.ZERO);
        }
    }

    @Test
    void shouldFailAStalledRestoreAtOnceWhenAHangingTransactionHoldsItsPartition() {
        TopicPartition partition = partitionBehindAnOpenTransaction("hanging-restore");
        ChangelogRestorer restorer = new ChangelogRestorer(partition.topic(), true, 120_000, 60_000,
                new RestoreProgress(), () -> false, 500,
                partitions -> "the partitions " + partitions + " are held by a hanging transaction");

        assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                assertThatThrownBy(() -> restorer.restore(consumer(), List.of(restoreOf(partition))))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("made no progress")
                        .hasMessageContaining("the partitions [" + partition + "] are held by a hanging transaction"));
    }

    @Test
    void shouldFindAnOpenTransactionItsCoordinatorStillEndsAndNotCallItHanging() throws Exception {
        TopicPartition partition = partitionBehindAnOpenTransaction("ongoing-restore");

        // Protocol v2 returns from commitTransaction before the markers are written: wait until the writer's
        // transaction is over on the partition, as the restore's checks do, and only the blocker's remains
        await("only the blocker's transaction open").atMost(Duration.ofSeconds(30)).until(() ->
                OpenTransactions.of(kafka.admin(), List.of(partition), Duration.ofSeconds(30)).all().size() == 1);
        OpenTransactions open = OpenTransactions.of(kafka.admin(), List.of(partition), Duration.ofSeconds(30));
        assertThat(open.all()).singleElement().satisfies(t -> {
            assertThat(t.partition()).isEqualTo(partition);
            assertThat(t.transactionalId()).isEqualTo("blocker-" + partition.topic());
            assertThat(t.coordinatorState()).isEqualTo(TransactionState.ONGOING);
            assertThat(t.isHanging()).isFalse();
        });
        assertThat(new HangingTransactionCheck(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()), Logger.getLogger(getClass())).hangingTransactions(List.of(partition)))
                .as("an ongoing transaction is not hanging").isNull();
    }

    @Test
    void shouldCallHangingWhatNoCoordinatorHasInProgressAndSayHowToReleaseIt() {
        TopicPartition tp = new TopicPartition("changelog", 3);
        OpenTransaction completed = new OpenTransaction(tp, 7, 0, 42, "job-count-1-0", TransactionState.COMPLETE_COMMIT, 1);
        OpenTransaction unknown = new OpenTransaction(tp, 7, 0, 42, null, null, -1);
        OpenTransaction newerOngoing = new OpenTransaction(tp, 7, 0, 42, "id", TransactionState.ONGOING, 2);
        OpenTransaction preparing = new OpenTransaction(tp, 7, 0, 42, "id", TransactionState.PREPARE_COMMIT, 1);
        OpenTransaction ongoing = new OpenTransaction(tp, 7, 3, 42, "id", TransactionState.ONGOING, 3);

        assertThat(completed.isHanging()).isTrue();
        assertThat(unknown.isHanging()).isTrue();
        assertThat(newerOngoing.isHanging()).isTrue();
        assertThat(preparing.isHanging()).isFalse();
        assertThat(ongoing.isHanging()).isFalse();
        assertThat(HangingTransactionCheck.describe(List.of(completed), "127.0.0.1:9092"))
                .contains("changelog-3 from offset 42: producer id 7 epoch 0 of transactional.id 'job-count-1-0'")
                .contains("in state CompleteCommit at epoch 1")
                .contains("kafka-transactions.sh --bootstrap-server 127.0.0.1:9092 abort --topic changelog "
                        + "--partition 3 --start-offset 42")
                .contains("process its input again");
    }

    /** A one-partition topic: an open transaction first, then 10 committed records the restore must reach. */
    private TopicPartition partitionBehindAnOpenTransaction(String name) {
        String topic = KafkaTestData.uniqueTopic(name);
        kafka.createTopic(topic, 1);
        blocker = producer("blocker-" + topic);
        blocker.initTransactions();
        blocker.beginTransaction();
        blocker.send(new ProducerRecord<>(topic, 0, new byte[] {1}, new byte[] {1}));
        blocker.flush();
        try (KafkaProducer<byte[], byte[]> writer = producer("writer-" + topic)) {
            writer.initTransactions();
            writer.beginTransaction();
            for (int i = 0; i < 10; i++) {
                writer.send(new ProducerRecord<>(topic, 0, new byte[] {(byte) i}, new byte[] {(byte) i}));
            }
            writer.commitTransaction();
        }
        return new TopicPartition(topic, 0);
    }

    private ChangelogRestorer.PartitionRestore restoreOf(TopicPartition partition) {
        return new ChangelogRestorer.PartitionRestore(partition.partition(), 0, 10, List.of(), target,
                ChangelogSnapshotEntry.LocalSize.UNKNOWN);
    }

    private KafkaProducer<byte[], byte[]> producer(String transactionalId) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private KafkaConsumer<ByteBuffer, ByteBuffer> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(props, new ByteBufferDeserializer(), new ByteBufferDeserializer());
    }
}
