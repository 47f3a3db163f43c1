package io.jetway.testing.repro;

import io.jetway.testing.KafkaBroker;
import io.jetway.testing.KafkaBrokerProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Kafka alone, no Jetway, no Hazelcast: a transactional producer commits a transaction over 4 partitions,
 * opens a second one, and the broker (one KRaft node in a child JVM) is killed with -9 right after and
 * restarted. A new producer with the same transactional id then fences the old one. Afterwards no
 * partition may hold a transaction open: this reports every round where one does (a "hanging"
 * transaction: its last stable offset never moves again).
 * <p>
 * Run: {@code java -cp <test-support test class path> io.jetway.testing.repro.HangingTransactionRepro
 * [rounds] [transaction.version feature level] [second transaction: true|false]}.
 */
public final class HangingTransactionRepro {

    private static final int PARTITIONS = 4;

    private HangingTransactionRepro() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        String transactionVersion = args.length > 1 ? args[1] : "2";
        boolean secondTransaction = args.length <= 2 || Boolean.parseBoolean(args[2]);
        int hanging = 0;
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(
                Map.of(KafkaBroker.FORMAT_FEATURE_PREFIX + "transaction.version", transactionVersion))) {
            for (int round = 1; round <= rounds; round++) {
                String topic = "repro-" + round;
                broker.createTopic(topic, PARTITIONS, Map.of());
                String transactionalId = "repro-txn-" + round;
                KafkaProducer<String, String> producer = producer(broker.bootstrapServers(), transactionalId);
                producer.initTransactions();
                producer.beginTransaction();
                send(producer, topic, "first", 100);
                producer.commitTransaction();
                if (secondTransaction) {
                    producer.beginTransaction();
                    send(producer, topic, "second", 100);
                    producer.flush();
                }
                broker.kill();
                producer.close(Duration.ZERO);
                broker.restart();
                try (KafkaProducer<String, String> fencing = producer(broker.bootstrapServers(), transactionalId)) {
                    fencing.initTransactions();
                }
                String open = awaitNoOpenTransaction(broker.admin(), topic, Duration.ofSeconds(30));
                if (open != null) {
                    hanging++;
                    System.out.println("round " + round + ": HANGING " + open + ", transaction "
                            + broker.admin().describeTransactions(List.of(transactionalId)).all().get(30, TimeUnit.SECONDS));
                } else {
                    System.out.println("round " + round + ": clean");
                }
            }
        }
        System.out.println("transaction.version=" + transactionVersion + ", second transaction " + secondTransaction
                + ": " + hanging + " of " + rounds + " rounds left a hanging transaction");
    }

    private static KafkaProducer<String, String> producer(String bootstrap, String transactionalId) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "120000");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static void send(KafkaProducer<String, String> producer, String topic, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            producer.send(new ProducerRecord<>(topic, i % PARTITIONS, prefix + i, prefix + i));
        }
    }

    /** null when no partition holds an open transaction within {@code wait}, else what holds them. */
    private static String awaitNoOpenTransaction(Admin admin, String topic, Duration wait) throws Exception {
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            partitions.add(new TopicPartition(topic, p));
        }
        long deadline = System.nanoTime() + wait.toNanos();
        String open;
        do {
            open = openTransactions(admin, partitions);
            if (open == null) {
                return null;
            }
            Thread.onSpinWait();
            TimeUnit.MILLISECONDS.sleep(200);   // a program, not a test: polling the broker's view
        } while (System.nanoTime() < deadline);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        return open + ", last stable offsets " + admin.listOffsets(latest,
                new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(30, TimeUnit.SECONDS);
    }

    private static String openTransactions(Admin admin, List<TopicPartition> partitions) throws Exception {
        StringBuilder open = new StringBuilder();
        admin.describeProducers(partitions).all().get(30, TimeUnit.SECONDS).forEach((tp, description) -> {
            for (ProducerState state : description.activeProducers()) {
                if (state.currentTransactionStartOffset().isPresent()) {
                    open.append(tp).append(": producer ").append(state.producerId()).append(" epoch ")
                        .append(state.producerEpoch()).append(" open from offset ")
                        .append(state.currentTransactionStartOffset().getAsLong()).append("; ");
                }
            }
        });
        return open.length() == 0 ? null : open.toString();
    }
}
