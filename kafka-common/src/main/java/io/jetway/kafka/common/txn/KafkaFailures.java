package io.jetway.kafka.common.txn;

import com.hazelcast.jet.RestartableException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TransactionAbortableException;

import java.util.concurrent.TimeoutException;

/**
 * Sorts the failures of a transactional Kafka writer into those a job restart can cure (Jet restarts the
 * job from its last snapshot, whose prepared transactions recovery then commits) and those it cannot,
 * which must fail the job with a message that says why.
 * <p>
 * Restartable: anything caused by a Kafka {@link RetriableException} (timeouts, lost leaders, coordinator
 * moves, not enough replicas), an aborted transaction, or a timed-out wait. Never restartable, whatever
 * else is in the chain: a fenced producer (another producer took over the transactional id: restarting
 * would fence it back, and two jobs would take turns) and missing authorization.
 */
public final class KafkaFailures {

    private KafkaFailures() {
    }

    /** Whether a job restart may cure {@code failure}. */
    public static boolean isRestartable(Throwable failure) {
        boolean transientCause = false;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ProducerFencedException || t instanceof AuthorizationException) {
                return false;
            }
            if (t instanceof RetriableException || t instanceof TransactionAbortableException
                    || t instanceof TimeoutException || t instanceof RestartableException) {
                transientCause = true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return transientCause;
    }

    /** Whether another producer fenced ours. */
    public static boolean isFenced(Throwable failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof ProducerFencedException) {
                return true;
            }
        }
        return false;
    }

    /**
     * What a processor should throw for {@code failure} while doing {@code what}: a
     * {@link RestartableException} when a restart may cure it, else an {@link IllegalStateException};
     * both name {@code what} and the failure, and a fenced producer gets a hint at its likely cause.
     */
    public static RuntimeException forProcessor(String what, Throwable failure) {
        if (isRestartable(failure)) {
            return new RestartableException(what + " (the job restarts from its last snapshot): " + failure, failure);
        }
        String hint = isFenced(failure) ? "; another producer took over one of its transactional ids: is a second "
                + "job with the same name running?" : "";
        return new IllegalStateException(what + hint + ": " + failure, failure);
    }
}
