package io.jetway.state.changelog;

import com.hazelcast.logging.ILogger;
import io.jetway.internal.kafka.txn.OpenTransactions;
import io.jetway.internal.kafka.txn.OpenTransactions.OpenTransaction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * For a stalled restore: asks the brokers which transactions hold the changelog partitions open and
 * describes the hanging ones (no coordinator will ever end them) with what to do about them. Open
 * transactions that a coordinator still ends are only logged: the restore waits for them.
 */
final class HangingTransactionCheck implements ChangelogRestorer.HangingCheck {

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, Object> adminProperties;
    private final ILogger logger;

    HangingTransactionCheck(Map<String, Object> adminProperties, ILogger logger) {
        this.adminProperties = adminProperties;
        this.logger = logger;
    }

    @Override
    public String hangingTransactions(Collection<TopicPartition> partitions) {
        OpenTransactions open;
        try (Admin admin = Admin.create(adminProperties)) {
            open = OpenTransactions.of(admin, partitions, ADMIN_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            logger.warning("A stalled changelog restore could not ask the brokers which transactions hold "
                    + partitions + " open: " + e);
            return null;
        }
        List<OpenTransaction> hanging = open.hanging();
        if (hanging.isEmpty()) {
            if (!open.all().isEmpty()) {
                logger.info("The changelog restore waits for open transactions to end: " + open.all());
            }
            return null;
        }
        return describe(hanging, String.valueOf(adminProperties.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)));
    }

    /** The error text for hanging transactions: what holds which partition, and what to do. */
    static String describe(List<OpenTransaction> hanging, String bootstrapServers) {
        StringBuilder text = new StringBuilder("hanging transaction(s) hold changelog partitions open:");
        boolean committed = false;
        for (OpenTransaction t : hanging) {
            text.append(' ').append(t.describe()).append(';');
            committed |= t.coordinatorState() == TransactionState.COMPLETE_COMMIT;
        }
        text.append(" no transaction coordinator will ever write their markers, so read_committed reads of these "
                + "partitions stop there for good (seen with Kafka 4.x brokers after a kill -9, see "
                + "docs/hanging-transactions.md). To release a partition, abort the transaction on it (needs the "
                + "CLUSTER_ACTION permission):");
        for (OpenTransaction t : hanging) {
            text.append(' ').append(t.abortCommand(bootstrapServers)).append(';');
        }
        text.append(committed
                ? " the records that transaction wrote there are then discarded although its coordinator had "
                  + "committed it, so the state of their keys goes back to older values: for exact state, start "
                  + "the job afresh (a new changelog topic) and process its input again"
                : " its coordinator had not committed it, so nothing committed is lost");
        return text.toString();
    }
}
