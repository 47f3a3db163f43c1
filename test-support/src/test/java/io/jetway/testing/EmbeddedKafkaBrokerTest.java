package io.jetway.testing;

import static io.jetway.testing.KafkaTestData.produce;
import static io.jetway.testing.KafkaTestData.produceStrings;
import static io.jetway.testing.KafkaTestData.readAll;
import static io.jetway.testing.KafkaTestData.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmbeddedKafkaBrokerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @RegisterExtension
    static final KafkaExtension KAFKA = KafkaExtension.inProcess();

    @Test
    void shouldRoundTripRecordsThroughEveryPartition() {
        KafkaBroker broker = KAFKA.broker();
        String topic = uniqueTopic("round-trip");
        broker.createTopic(topic, 3);

        produceStrings(broker, topic, 300, 3);
        List<ConsumerRecord<byte[], byte[]>> records = readAll(broker, topic, 300, TIMEOUT, false);

        assertThat(records).extracting(EmbeddedKafkaBrokerTest::value)
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 300).mapToObj(Integer::toString).toList());
        assertThat(records).allSatisfy(r -> {
            assertThat(r.partition()).isEqualTo(Integer.parseInt(value(r)) % 3);
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(value(r));
        });
    }

    @Test
    void shouldHideAbortedTransactionsFromReadCommitted() {
        KafkaBroker broker = KAFKA.broker();
        String topic = uniqueTopic("txn");
        broker.createTopic(topic, 1);

        Map<String, Object> props = broker.producerProps();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, topic + "-producer");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(record(topic, "committed-1"));
            producer.send(record(topic, "committed-2"));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(record(topic, "aborted"));
            producer.flush();
            producer.abortTransaction();
        }

        assertThat(readAll(broker, topic, 2, TIMEOUT, true)).extracting(EmbeddedKafkaBrokerTest::value)
                .containsExactly("committed-1", "committed-2");
        assertThat(readAll(broker, topic, 3, TIMEOUT, false)).extracting(EmbeddedKafkaBrokerTest::value)
                .containsExactly("committed-1", "committed-2", "aborted");
    }

    @Test
    void shouldAddPartitionsThatAcceptRecords() throws Exception {
        KafkaBroker broker = KAFKA.broker();
        String topic = uniqueTopic("grow");
        broker.createTopic(topic, 1, Map.of("retention.ms", "3600000"));

        broker.addPartitions(topic, 3);
        produce(broker, topic, 2, List.of("in-new-partition"));

        assertThat(broker.admin().describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions())
                .hasSize(3);
        assertThat(readAll(broker, topic, 1, TIMEOUT, false)).singleElement()
                .satisfies(r -> assertThat(r.partition()).isEqualTo(2))
                .extracting(EmbeddedKafkaBrokerTest::value).isEqualTo("in-new-partition");
    }

    @Test
    void shouldNameTopicAndCountsWhenRecordsAreMissing() {
        KafkaBroker broker = KAFKA.broker();
        String topic = uniqueTopic("missing");
        broker.createTopic(topic, 2);
        produceStrings(broker, topic, 2, 2);

        // long enough for a busy machine to fetch the 2 records there are (1 s was not, at load average 14)
        assertThatThrownBy(() -> readAll(broker, topic, 5, Duration.ofSeconds(10), false))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(topic)
                .hasMessageContaining("expected 5")
                .hasMessageContaining("found 2");
    }

    @Test
    void shouldNameTheOpenTransactionThatHoldsBackReadCommitted() {
        KafkaBroker broker = KAFKA.broker();
        String topic = uniqueTopic("open-txn");
        broker.createTopic(topic, 1);
        Map<String, Object> props = broker.producerProps();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, topic + "-producer");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(record(topic, "pending"));
            producer.flush();

            assertThatThrownBy(() -> readAll(broker, topic, 1, Duration.ofSeconds(1), true))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("found 0")
                    .hasMessageContaining(topic + "-0: position 0, last stable offset 0, high watermark 1")
                    .hasMessageContaining("open transaction of producer id")
                    .hasMessageContaining("from offset 0");
            producer.abortTransaction();
        }
    }

    @Test
    void shouldRunTransactionProtocolVersion2ByDefault() throws Exception {
        KafkaBroker broker = KAFKA.broker();
        assertThat(finalizedTransactionVersion(broker)).isEqualTo((short) 2);
        // KIP-890: the producer epoch is bumped at every commit and abort.
        assertThat(producerEpochAfterCommitAndAbort(broker, uniqueTopic("tv2"))).isEqualTo(2);
    }

    /** Commits one transaction and aborts one, then returns the producer epoch the coordinator holds. */
    static int producerEpochAfterCommitAndAbort(KafkaBroker broker, String topic) throws Exception {
        broker.createTopic(topic, 1);
        String transactionalId = topic + "-producer";
        Map<String, Object> props = broker.producerProps();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(record(topic, "committed"));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(record(topic, "aborted"));
            producer.abortTransaction();
        }
        return broker.admin().describeTransactions(List.of(transactionalId)).description(transactionalId).get()
                .producerEpoch();
    }

    static short finalizedTransactionVersion(KafkaBroker broker) throws Exception {
        return broker.admin().describeFeatures().featureMetadata().get()
                .finalizedFeatures().get("transaction.version").maxVersionLevel();
    }

    static ProducerRecord<byte[], byte[]> record(String topic, String value) {
        return new ProducerRecord<>(topic, value.getBytes(StandardCharsets.UTF_8));
    }

    static String value(ConsumerRecord<byte[], byte[]> record) {
        return new String(record.value(), StandardCharsets.UTF_8);
    }

    static List<String> values(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(EmbeddedKafkaBrokerTest::value).collect(Collectors.toList());
    }
}
