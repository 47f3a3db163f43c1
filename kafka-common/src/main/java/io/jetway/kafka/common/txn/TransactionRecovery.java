package io.jetway.kafka.common.txn;

import com.hazelcast.logging.ILogger;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidPidMappingException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TransactionAbortableException;
import org.apache.kafka.common.errors.UnknownProducerIdException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import static java.util.Objects.requireNonNull;

/**
 * Ends the transactions of earlier executions: commits a {@link PreparedTransaction} if it is still
 * open, and fences transactional ids (initTransactions, which aborts their open transaction and bumps
 * the epoch so that a zombie producer can no longer write).
 * <p>
 * Blocking; run it off the processing thread.
 */
public final class TransactionRecovery {

    private final TransactionalProducerFactory<?, ?> producers;
    private final TransactionResumer resumer;
    private final ILogger logger;
    private final TransactionalIdProbe probe;

    /** A recovery that creates its producers with {@code producers} and fences every id of a plan. */
    public TransactionRecovery(TransactionalProducerFactory<?, ?> producers, TransactionResumer resumer,
                               ILogger logger) {
        this(producers, resumer, logger, TransactionalIdProbe.NONE);
    }

    /**
     * A recovery that creates its producers with {@code producers} and skips fencing the ids {@code probe}
     * finds unknown to the transaction coordinators (see {@link TransactionalIdProbe} for why that is safe).
     */
    public TransactionRecovery(TransactionalProducerFactory<?, ?> producers, TransactionResumer resumer,
                               ILogger logger, TransactionalIdProbe probe) {
        this.producers = requireNonNull(producers, "producers cannot be null");
        this.resumer = requireNonNull(resumer, "resumer cannot be null");
        this.logger = requireNonNull(logger, "logger cannot be null");
        this.probe = requireNonNull(probe, "probe cannot be null");
    }

    /**
     * Runs {@code plan}: its commits in parallel on {@code executor}, then, once all succeeded, its
     * fences in parallel. Returns the commit outcomes in the plan's order.
     *
     * @throws RuntimeException the first failure
     */
    public List<CommitOutcome> execute(RecoveryPlan plan, Executor executor) {
        return Futures.join(executeAsync(plan, executor));
    }

    /**
     * {@link #execute} without blocking the caller: the stage completes with the commit outcomes once the
     * fences are done too. The tasks on {@code executor} never wait for each other.
     */
    public CompletableFuture<List<CommitOutcome>> executeAsync(RecoveryPlan plan, Executor executor) {
        List<CompletableFuture<CommitOutcome>> commits = new ArrayList<>();
        for (PreparedTransaction transaction : plan.toCommit()) {
            commits.add(CompletableFuture.supplyAsync(() -> commitIfOpen(transaction), executor));
        }
        // The probe runs after the commits: an id it finds unknown can neither hold an open transaction nor
        // belong to a producer able to write, so not fencing it changes nothing (TransactionalIdProbe).
        return CompletableFuture.allOf(commits.toArray(CompletableFuture[]::new))
                .thenApplyAsync(committed -> idsToFence(plan.toFence()), executor)
                .thenCompose(ids -> {
                    List<CompletableFuture<Void>> fences = new ArrayList<>();
                    for (String id : ids) {
                        fences.add(CompletableFuture.runAsync(() -> fence(id), executor));
                    }
                    return CompletableFuture.allOf(fences.toArray(CompletableFuture[]::new));
                }).thenApply(fenced -> {
            List<CommitOutcome> outcomes = new ArrayList<>(commits.size());
            for (CompletableFuture<CommitOutcome> commit : commits) {
                outcomes.add(commit.join());
            }
            return outcomes;
        });
    }

    /** {@code ids} without those the probe finds unknown to the coordinators; all of them if the probe fails. */
    private List<String> idsToFence(List<String> ids) {
        if (ids.isEmpty() || probe == TransactionalIdProbe.NONE) {
            return ids;
        }
        Set<String> unknown;
        try {
            unknown = probe.unknown(ids);
        } catch (RuntimeException e) {
            logger.fine("Cannot tell which transactional ids the coordinators know (" + e + "): fencing all "
                    + ids.size());
            return ids;
        }
        List<String> known = new ArrayList<>(ids.size());
        for (String id : ids) {
            if (!unknown.contains(id)) {
                known.add(id);
            }
        }
        logger.fine("Fencing " + known.size() + " of " + ids.size() + " transactional ids; the coordinators know "
                + "none of the others: " + unknown);
        return known;
    }

    /**
     * Commits {@code transaction} if it is still open.
     *
     * @return {@link CommitOutcome#COMMITTED} when the coordinator accepted the commit,
     *         {@link CommitOutcome#NOT_OPEN} when no transaction with that producer id and epoch is open
     * @throws IllegalStateException for other failures (timeouts, authorization), naming the transaction
     */
    public CommitOutcome commitIfOpen(PreparedTransaction transaction) {
        Producer<?, ?> producer = producers.create(transaction.transactionalId());
        try {
            resumer.resume(producer, transaction);
            producer.commitTransaction();
            logger.info("Committed " + transaction + ", prepared before the restart");
            return CommitOutcome.COMMITTED;
        } catch (RuntimeException e) {
            if (isNotOpen(e)) {
                logger.info("No open transaction " + transaction + " to commit (" + e.getClass().getSimpleName()
                        + "): it was committed before the restart, or aborted");
                return CommitOutcome.NOT_OPEN;
            }
            throw new IllegalStateException("Cannot commit " + transaction + ", prepared in the snapshot being "
                    + "restored" + authorizationHint(e) + ": " + e, e);
        } finally {
            // Duration.ZERO: a graceful close would abort an open transaction
            producer.close(Duration.ZERO);
        }
    }

    /** Fences {@code transactionalId}: aborts its open transaction, if any, and bumps its epoch. */
    public void fence(String transactionalId) {
        Producer<?, ?> producer = producers.create(transactionalId);
        try {
            producer.initTransactions();
            logger.fine("Fenced transactional id " + transactionalId);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cannot fence transactional id '" + transactionalId + "'"
                    + authorizationHint(e) + ": " + e, e);
        } finally {
            producer.close(Duration.ZERO);
        }
    }

    private static boolean isNotOpen(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException
                    || t instanceof InvalidTxnStateException || t instanceof InvalidPidMappingException
                    || t instanceof UnknownProducerIdException || t instanceof TransactionAbortableException) {
                return true;
            }
        }
        return false;
    }

    private static String authorizationHint(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AuthorizationException) {
                return " (the principal needs WRITE and DESCRIBE on the transactional id, e.g. a PREFIXED ACL)";
            }
        }
        return "";
    }

    /** What {@link #commitIfOpen} found. */
    public enum CommitOutcome {
        /** The commit was accepted: the transaction was open and is now committed, or had been by this epoch. */
        COMMITTED,
        /**
         * No transaction with that producer id and epoch is open: it was committed earlier (the usual case),
         * or aborted, e.g. by the broker after {@code transaction.timeout.ms}. Callers that must tell these
         * apart check their data, e.g. that the last record the transaction wrote is readable
         * {@code read_committed}.
         */
        NOT_OPEN
    }
}
