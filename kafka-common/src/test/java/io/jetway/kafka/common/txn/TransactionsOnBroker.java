package io.jetway.kafka.common.txn;

import io.jetway.testing.KafkaBroker;
import io.jetway.testing.KafkaTestData;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What the transactional writers of a test left on the broker: committed values, transactions still ongoing. */
final class TransactionsOnBroker {

    private TransactionsOnBroker() {
    }

    /** The values of partition 0 of {@code topic} that a {@code read_committed} reader sees. */
    static List<String> committedValues(KafkaBroker broker, String topic, Duration timeout) {
        List<String> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : KafkaTestData.readAll(broker, topic, 0, timeout, true)) {
            values.add(new String(record.value(), UTF_8));
        }
        return values;
    }

    /** The ongoing transactions whose transactional id starts with {@code idPrefix + "-"}. */
    static List<TransactionListing> openTransactions(KafkaBroker broker, String idPrefix) throws Exception {
        List<TransactionListing> open = new ArrayList<>();
        for (TransactionListing listing : broker.admin().listTransactions().all().get(30, TimeUnit.SECONDS)) {
            if (listing.transactionalId().startsWith(idPrefix + "-") && listing.state() == TransactionState.ONGOING) {
                open.add(listing);
            }
        }
        return open;
    }

    /** Waits up to 30 s until no transaction of {@code idPrefix} is ongoing. */
    static void assertNoOpenTransaction(KafkaBroker broker, String idPrefix) {
        await("no transaction of " + idPrefix + " left ongoing")
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(openTransactions(broker, idPrefix)).isEmpty());
    }
}
