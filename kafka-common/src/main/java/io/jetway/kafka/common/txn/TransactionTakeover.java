package io.jetway.kafka.common.txn;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTransactionsOptions;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static java.util.Objects.requireNonNull;

/**
 * Whether the transaction coordinator has moved a prepared transaction's id on to another producer: asked
 * after a commit failed with an error that names no cause.
 * <p>
 * When another producer's {@code initTransactions()} races a commit, the coordinator aborts the prepared
 * transaction and bumps the epoch; the commit that arrives afterwards should be refused as fenced, but
 * the broker (Kafka 4.x) may answer it with {@code UNKNOWN_SERVER_ERROR} ("state is COMPLETE_ABORT, but
 * received transaction marker result to send: COMMIT"), which the producer reports as "Unhandled error in
 * EndTxnResponse". Only the coordinator's state then tells a fence from a broker in trouble.
 *
 * <h2>Taken over</h2>
 * Our own commit leaves the id at our producer id, at our epoch (protocol 1) or one above it (protocol 2,
 * which bumps the epoch at every commit), committing or committed. Anything else means some other
 * producer initialised the id, or the coordinator aborted the transaction after its timeout (the caller
 * tells the two apart by the transaction's age): another producer id, a higher epoch, an epoch above ours
 * with an abort, or an epoch fence under way.
 */
public final class TransactionTakeover {

    private TransactionTakeover() {
    }

    /**
     * What the coordinator holds for {@code prepared}'s id when that shows another producer took it over;
     * empty when it does not, or when the coordinator cannot be asked within {@code timeout} (the caller
     * then keeps its own reading of the failure).
     */
    public static Optional<String> check(Admin admin, PreparedTransaction prepared, Duration timeout) {
        requireNonNull(admin, "admin cannot be null");
        requireNonNull(prepared, "prepared cannot be null");
        String id = prepared.transactionalId();
        TransactionDescription description;
        try {
            DescribeTransactionsOptions options = new DescribeTransactionsOptions()
                    .timeoutMs((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            description = admin.describeTransactions(List.of(id), options).description(id)
                               .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        if (!isTakenOver(prepared, description.producerId(), description.producerEpoch(), description.state())) {
            return Optional.empty();
        }
        return Optional.of("the transaction coordinator holds transactional.id '" + id + "' at producer id "
                + description.producerId() + ", epoch " + description.producerEpoch() + ", state "
                + description.state() + ", where our commit of " + prepared + " would have left it at producer id "
                + prepared.producerId() + ", epoch " + epochAfterOwnCommit(prepared) + ", committed");
    }

    /** The rule above, on what the coordinator holds for the id. */
    static boolean isTakenOver(PreparedTransaction prepared, long producerId, int epoch, TransactionState state) {
        if (producerId != prepared.producerId()) {
            return true;
        }
        if (epoch > epochAfterOwnCommit(prepared)) {
            return true;
        }
        if (epoch > prepared.epoch() && !isCommit(state)) {
            return true;
        }
        return state == TransactionState.PREPARE_EPOCH_FENCE;
    }

    /** Protocol 1 keeps the epoch at a commit, protocol 2 bumps it. */
    private static int epochAfterOwnCommit(PreparedTransaction prepared) {
        return prepared.epoch() + (prepared.transactionV2() ? 1 : 0);
    }

    private static boolean isCommit(TransactionState state) {
        return state == TransactionState.PREPARE_COMMIT || state == TransactionState.COMPLETE_COMMIT;
    }
}
