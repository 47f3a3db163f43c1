package io.jetway.state.changelog;

import com.hazelcast.logging.ILogger;
import io.jetway.kafka.common.txn.OpenTransactions;
import io.jetway.kafka.common.txn.OpenTransactions.OpenTransaction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
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
    private static final Duration RECHECK_AFTER = Duration.ofSeconds(2);

    private final Map<String, Object> adminProperties;
    private final ILogger logger;

    HangingTransactionCheck(Map<String, Object> adminProperties, ILogger logger) {
        this.adminProperties = adminProperties;
        this.logger = logger;
    }

    @Override
    public String hangingTransactions(Collection<TopicPartition> partitions) {
        List<OpenTransaction> hanging;
        try (Admin admin = Admin.create(adminProperties)) {
            OpenTransactions open = OpenTransactions.of(admin, partitions, ADMIN_TIMEOUT);
            hanging = open.confirmedHanging(admin, partitions, ADMIN_TIMEOUT, RECHECK_AFTER);
            if (hanging.isEmpty()) {
                if (!open.all().isEmpty()) {
                    logger.info("The changelog restore waits for open transactions to end: " + open.all());
                }
                return null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            logger.warning("A stalled changelog restore could not ask the brokers which transactions hold "
                    + partitions + " open: " + e);
            return null;
        }
        return describe(hanging, String.valueOf(adminProperties.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)));
    }

    /** The error text for hanging transactions of the changelog: what holds which partition, and what to do. */
    static String describe(List<OpenTransaction> hanging, String bootstrapServers) {
        return OpenTransactions.explain(hanging, bootstrapServers, "the changelog", "the records that transaction "
                + "wrote there are then discarded although its coordinator had committed it, so the state of their "
                + "keys goes back to older values: for exact state, start the job afresh (a new changelog topic) "
                + "and process its input again");
    }
}
