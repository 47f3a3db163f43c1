package io.jetway.internal.kafka.sink;

import com.hazelcast.jet.JetException;
import com.hazelcast.jet.RestartableException;
import io.jetway.kafka.common.txn.KafkaFailures;
import org.apache.kafka.common.errors.InvalidPidMappingException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;

/**
 * Turns producer failures into the exception that makes Jet do the right thing, with a message naming the
 * processor, the record or transaction, and a next step. On top of the txn package's {@link KafkaFailures}
 * (restartable or not, fenced or not) it knows the age of the affected transaction: an epoch bump or a
 * vanished transaction after more than {@code transaction.timeout.ms} is the broker's timeout abort, not
 * another producer.
 * <ul>
 *     <li>{@link RestartableException}: the job restarts from its last snapshot, which writes again every
 *     record not covered by it (transient broker trouble; an open, not yet prepared transaction the broker
 *     aborted);</li>
 *     <li>{@link JetException}: the job fails (fenced by another producer with the same transactional id;
 *     a prepared transaction lost to {@code transaction.timeout.ms}; a record the broker rejects).</li>
 * </ul>
 */
final class SinkErrors {

    private static final int MAX_ITEM_CHARS = 200;

    private SinkErrors() {
    }

    /** How a failure must be handled. */
    enum Kind {
        /** Another producer with the same transactional id took over. */
        FENCED,
        /** The broker aborted the transaction because it outlived {@code transaction.timeout.ms}. */
        TIMED_OUT,
        /** Restarting from the last snapshot repairs it. */
        RETRIABLE,
        /** Restarting would fail again. */
        FATAL
    }

    /**
     * @param transactionAgeMs how long the affected transaction has been open, -1 when not transactional
     * @param timeoutMs        {@code transaction.timeout.ms}
     */
    static Kind classify(Throwable error, long transactionAgeMs, long timeoutMs) {
        // the broker's timeout abort and another producer's initTransactions() both bump the epoch
        boolean epochGone = KafkaFailures.isFenced(error) || has(error, InvalidProducerEpochException.class);
        boolean transactionGone = isTransactionGone(error);
        boolean restartable = KafkaFailures.isRestartable(error);
        boolean timedOut = transactionAgeMs >= 0 && transactionAgeMs >= timeoutMs;
        if (timedOut && (epochGone || transactionGone || restartable)) {
            return Kind.TIMED_OUT;
        }
        if (epochGone) {
            return Kind.FENCED;
        }
        return restartable || transactionGone ? Kind.RETRIABLE : Kind.FATAL;
    }

    /**
     * Whether a failed commit may be another producer's takeover that the broker reported as something else
     * (an unexpected server error, an invalid transaction state or producer id mapping), so that the caller
     * should ask the transaction coordinator. Not for fences and timeouts, which say what they are, nor for
     * transient trouble (a broker down), where asking would only wait.
     */
    static boolean mayHideTakeover(Throwable error, long transactionAgeMs, long timeoutMs) {
        Kind kind = classify(error, transactionAgeMs, timeoutMs);
        return kind == Kind.FATAL
                || kind == Kind.RETRIABLE && isTransactionGone(error) && !KafkaFailures.isRestartable(error);
    }

    /** The coordinator no longer knows the transaction (or the producer id) the producer refers to. */
    private static boolean isTransactionGone(Throwable error) {
        return has(error, InvalidTxnStateException.class) || has(error, InvalidPidMappingException.class);
    }

    /**
     * A failure while writing the open transaction (or, at-least-once, the producer): nothing of it is
     * covered by a snapshot yet, so a restart repairs everything but fencing and rejected records.
     */
    static RuntimeException openTransactionFailure(String where, String what, Throwable error, String transactionalId,
                                                   long ageMs, long timeoutMs) {
        Kind kind = classify(error, ageMs, timeoutMs);
        return switch (kind) {
            case FENCED -> fenced(where, transactionalId, error);
            case TIMED_OUT -> new RestartableException(where + ": " + what + " failed because the broker aborted the "
                    + "open transaction of transactional.id '" + transactionalId + "' after " + ageMs + " ms, longer "
                    + "than transaction.timeout.ms=" + timeoutMs + " (was the job stalled?). No snapshot covers its "
                    + "records yet: restarting the job from its last snapshot writes them again. Cause: " + error,
                    error);
            case RETRIABLE -> new RestartableException(where + ": " + what + " failed: " + error + "; restarting the "
                    + "job from its last snapshot, which writes every record not covered by it again", error);
            case FATAL -> new JetException(where + ": " + what + " failed: " + error, error);
        };
    }

    /**
     * A failure to commit transactions prepared in phase 1 of a snapshot that Jet has already recorded as
     * successful: a restart could only commit them if they are still open.
     *
     * @param oldestAgeMs age of the oldest of them
     */
    static RuntimeException commitFailure(String where, String transactions, String transactionalIds, long records,
                                          long snapshotEpoch, Throwable error, long oldestAgeMs, long timeoutMs) {
        Kind kind = classify(error, oldestAgeMs, timeoutMs);
        return switch (kind) {
            case FENCED -> fenced(where, transactionalIds, error);
            case TIMED_OUT -> new JetException(where + ": cannot commit " + transactions + ", prepared in snapshot "
                    + "epoch " + snapshotEpoch + ": it was open for " + oldestAgeMs + " ms, longer than "
                    + "transaction.timeout.ms=" + timeoutMs + ", and the broker aborted it. Its " + records
                    + " records are LOST for this job: the snapshot that covers them is already recorded as "
                    + "successful, so no restart writes them again. Re-process their input (e.g. from an earlier "
                    + "exported snapshot) and raise KafkaSinkConfig.transactionTimeout (at most the broker's "
                    + "transaction.max.timeout.ms) above the longest stall or recovery. Cause: " + error, error);
            case RETRIABLE -> new RestartableException(where + ": cannot commit " + transactions + " now: " + error
                    + "; restarting the job: the restored job commits them", error);
            case FATAL -> new JetException(where + ": cannot commit " + transactions + ": " + error, error);
        };
    }

    /**
     * A failure to start the transactional producers or to recover the restored transactions: Kafka being
     * unavailable restarts the job (the recovery runs again), anything else fails it.
     */
    static RuntimeException startFailure(String where, RuntimeException error) {
        if (error instanceof JetException) {
            return error;
        }
        if (classify(error, -1, Long.MAX_VALUE) == Kind.RETRIABLE) {
            return new RestartableException(where + ": cannot start the transactional producers now: "
                    + error.getMessage() + "; restarting the job", error);
        }
        return new JetException(where + ": cannot start the transactional producers: " + error.getMessage(), error);
    }

    static JetException fenced(String where, String transactionalId, Throwable error) {
        return new JetException(where + ": the producer of transactional.id '" + transactionalId + "' was fenced: "
                + "another producer started with the same transactional.id. Usually another job with the same name "
                + "(or this job on another cluster) writes through a sink with the same vertex name; give each job "
                + "its own name or set KafkaSinkConfig.transactionalIdPrefix. Cause: " + error, error);
    }

    /** The item's type and text, cut to a readable length. */
    static String describe(Object item) {
        if (item == null) {
            return "null";
        }
        String text;
        try {
            text = String.valueOf(item);
        } catch (RuntimeException e) {
            text = "(toString() failed: " + e + ")";
        }
        if (text.length() > MAX_ITEM_CHARS) {
            text = text.substring(0, MAX_ITEM_CHARS) + "...(" + text.length() + " chars)";
        }
        return "'" + text + "' (" + item.getClass().getName() + ")";
    }

    static boolean has(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
