package io.jetway.kafka.common.txn;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Which transactions hold partitions open, as the brokers see them: for every partition with an open
 * transaction, its producer id, epoch and first offset (the partitions' leaders) and the transactional id
 * and state the transaction coordinator has for that producer. A transaction is <em>hanging</em> when a
 * partition holds it open but its coordinator has no such transaction in progress (it completed it,
 * fenced the producer, or never knew it): no marker will ever come, so the partition's last stable offset
 * never moves and every {@code read_committed} reader stops there.
 * <p>
 * Blocking Admin calls; run off the processing thread.
 */
public final class OpenTransactions {

    private final List<OpenTransaction> open;

    private OpenTransactions(List<OpenTransaction> open) {
        this.open = open;
    }

    /** Asks the brokers about {@code partitions}. */
    public static OpenTransactions of(Admin admin, Collection<TopicPartition> partitions, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        long timeoutMs = timeout.toMillis();
        List<OpenTransaction> open = new ArrayList<>();
        Set<Long> producerIds = new HashSet<>();
        admin.describeProducers(partitions).all().get(timeoutMs, TimeUnit.MILLISECONDS).forEach((tp, description) -> {
            for (ProducerState state : description.activeProducers()) {
                if (state.currentTransactionStartOffset().isPresent()) {
                    open.add(new OpenTransaction(tp, state.producerId(), state.producerEpoch(),
                            state.currentTransactionStartOffset().getAsLong(), null, null, -1));
                    producerIds.add(state.producerId());
                }
            }
        });
        if (open.isEmpty()) {
            return new OpenTransactions(List.of());
        }
        Map<Long, String> idOfProducer = new HashMap<>();
        for (TransactionListing listing : admin.listTransactions(new ListTransactionsOptions()
                .filterProducerIds(producerIds)).all().get(timeoutMs, TimeUnit.MILLISECONDS)) {
            idOfProducer.put(listing.producerId(), listing.transactionalId());
        }
        Map<String, TransactionDescription> coordinators = idOfProducer.isEmpty() ? Map.of()
                : admin.describeTransactions(idOfProducer.values()).all().get(timeoutMs, TimeUnit.MILLISECONDS);
        List<OpenTransaction> described = new ArrayList<>(open.size());
        for (OpenTransaction t : open) {
            String id = idOfProducer.get(t.producerId());
            TransactionDescription coordinator = id == null ? null : coordinators.get(id);
            if (coordinator != null && coordinator.producerId() != t.producerId()) {
                coordinator = null;     // the id has a new producer id now: nothing ends the old one's transaction
            }
            described.add(coordinator == null ? new OpenTransaction(t.partition(), t.producerId(), t.producerEpoch(),
                    t.startOffset(), id, null, -1)
                    : new OpenTransaction(t.partition(), t.producerId(), t.producerEpoch(), t.startOffset(), id,
                    coordinator.state(), coordinator.producerEpoch()));
        }
        return new OpenTransactions(described);
    }

    /**
     * The hanging transactions of this look, confirmed: they are asked about again after {@code recheckAfter}
     * and only those still open at the same offset by the same producer epoch are returned (a transaction
     * whose markers were being written while this look read the partition and the coordinator at different
     * moments can look hanging once).
     */
    public List<OpenTransaction> confirmedHanging(Admin admin, Collection<TopicPartition> partitions,
                                                  Duration timeout, Duration recheckAfter)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<OpenTransaction> first = hanging();
        if (first.isEmpty()) {
            return first;
        }
        TimeUnit.MILLISECONDS.sleep(recheckAfter.toMillis());
        return stillHanging(first, of(admin, partitions, timeout).hanging());
    }

    /** The transactions of {@code before} that {@code now} still has hanging, as {@code now} describes them. */
    public static List<OpenTransaction> stillHanging(List<OpenTransaction> before, List<OpenTransaction> now) {
        List<OpenTransaction> still = new ArrayList<>();
        for (OpenTransaction t : now) {
            for (OpenTransaction b : before) {
                if (b.partition().equals(t.partition()) && b.producerId() == t.producerId()
                        && b.producerEpoch() == t.producerEpoch() && b.startOffset() == t.startOffset()) {
                    still.add(t);
                    break;
                }
            }
        }
        return still;
    }

    /**
     * An error text for hanging transactions: what holds which partition of {@code what}, why it will not
     * end, the command that ends each, and {@code ifCommitted}: what aborting one its coordinator had
     * committed costs.
     */
    public static String explain(List<OpenTransaction> hanging, String bootstrapServers, String what,
                                 String ifCommitted) {
        StringBuilder text = new StringBuilder("hanging transaction(s) hold partitions of ").append(what)
                .append(" open:");
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
        text.append(committed ? " " + ifCommitted : " its coordinator had not committed it, so nothing committed is lost");
        return text.toString();
    }

    /** Every open transaction found. */
    public List<OpenTransaction> all() {
        return open;
    }

    /** The hanging ones. */
    public List<OpenTransaction> hanging() {
        List<OpenTransaction> hanging = new ArrayList<>();
        for (OpenTransaction t : open) {
            if (t.isHanging()) {
                hanging.add(t);
            }
        }
        return hanging;
    }

    /**
     * One transaction a partition holds open.
     *
     * @param transactionalId  the id the coordinator has for the producer, {@code null} when it has none
     * @param coordinatorState the coordinator's state of that id, {@code null} when unknown
     * @param coordinatorEpoch the coordinator's producer epoch of that id, -1 when unknown
     */
    public record OpenTransaction(TopicPartition partition, long producerId, int producerEpoch, long startOffset,
                                  String transactionalId, TransactionState coordinatorState, int coordinatorEpoch) {

        /** Whether no coordinator has this transaction in progress, so no marker will end it. */
        public boolean isHanging() {
            if (coordinatorState == null) {
                return true;
            }
            boolean inProgress = coordinatorState == TransactionState.ONGOING
                    || coordinatorState == TransactionState.PREPARE_COMMIT
                    || coordinatorState == TransactionState.PREPARE_ABORT
                    || coordinatorState == TransactionState.PREPARE_EPOCH_FENCE;
            // Protocol v2 bumps the epoch when it prepares the end: a prepared transaction is one epoch ahead.
            return !inProgress || coordinatorEpoch > producerEpoch + 1
                    || coordinatorState == TransactionState.ONGOING && coordinatorEpoch != producerEpoch;
        }

        /** What it is, for an error message. */
        public String describe() {
            return partition + " from offset " + startOffset + ": producer id " + producerId + " epoch " + producerEpoch
                    + (transactionalId == null ? " (no transaction coordinator knows it)"
                    : " of transactional.id '" + transactionalId + "', which its coordinator has in state "
                    + coordinatorState + " at epoch " + coordinatorEpoch);
        }

        /** The command that ends it on the partition (the records it wrote there are then aborted). */
        public String abortCommand(String bootstrapServers) {
            return "kafka-transactions.sh --bootstrap-server " + bootstrapServers + " abort --topic "
                    + partition.topic() + " --partition " + partition.partition() + " --start-offset " + startOffset;
        }
    }
}
