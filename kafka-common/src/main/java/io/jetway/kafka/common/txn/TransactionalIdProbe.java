package io.jetway.kafka.common.txn;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTransactionsResult;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TransactionalIdNotFoundException;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static java.util.Objects.requireNonNull;

/**
 * Which transactional ids the transaction coordinators have no state for, so that fencing them can be
 * skipped: one {@code DescribeTransactions} request per coordinator instead of a producer and an
 * {@code InitProducerId} round trip per id (a fresh job's 9 probe ids per processor were most of its
 * start-up time).
 *
 * <h2>Why skipping an unknown id is as safe as fencing it</h2>
 * Fencing exists to abort a predecessor's open transaction and to bump the epoch so that a predecessor
 * still alive cannot write. An id the coordinator does not know (never initialised, or expired, which
 * Kafka does only to ids without an open transaction) has no open transaction, and no producer holding
 * it can write: a transactional producer must complete {@code initTransactions()} first, which creates
 * the state. A predecessor whose {@code initTransactions()} is still under way when we look is no better
 * stopped by our fence: its own initialisation would bump the epoch past ours afterwards. Any failure
 * other than "not found" counts the id as known, so it is fenced as before.
 */
@FunctionalInterface
public interface TransactionalIdProbe {

    /** Knows nothing: every id is fenced. */
    TransactionalIdProbe NONE = ids -> Set.of();

    /**
     * The ids among {@code ids} that no transaction coordinator has state for. Blocking; never throws for
     * a failed look-up (the ids it could not check are simply not returned).
     */
    Set<String> unknown(Collection<String> ids);

    /** A probe asking through {@code admin} (not closed by the probe), waiting at most {@code timeoutMs}. */
    static TransactionalIdProbe of(Admin admin, long timeoutMs) {
        requireNonNull(admin, "admin cannot be null");
        return ids -> {
            Set<String> unknown = new LinkedHashSet<>();
            if (ids.isEmpty()) {
                return unknown;
            }
            DescribeTransactionsResult result = admin.describeTransactions(ids);
            long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            for (String id : ids) {
                KafkaFuture<?> description = result.description(id);
                try {
                    description.get(Math.max(0, deadlineNs - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof TransactionalIdNotFoundException) {
                        unknown.add(id);
                    }
                } catch (TimeoutException e) {
                    return unknown;     // the rest count as known: they are fenced
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return unknown;
                }
            }
            return unknown;
        };
    }
}
