package io.jetway.kafka.common.txn;

import com.hazelcast.logging.ILogger;
import io.jetway.kafka.common.txn.TransactionRecovery.CommitOutcome;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Producer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * How a processor starts writing transactionally: runs a {@link RecoveryPlan} ({@link TransactionRecovery}:
 * commit the restored transactions if still open, then fence; ids the coordinators never saw need no fence,
 * {@link TransactionalIdProbe}) and, at the same time, starts the {@link TransactionalProducerPool} on the
 * plan's own ids, which are disjoint from those it commits and fences. The stage completes with the pool once
 * both are done; until then nothing may be written.
 * <pre>
 *   recovery: commit ──► probe ──► fence ──► afterRecovery ─┐
 *                                                          ├──► owner closed? ──► pool handed over
 *   pool:     initTransactions of each id ──► eachPoolProducer ┘
 * </pre>
 * What the owners differ in comes in as hooks: the producer factory, a check once recovery is done (the sink
 * reads its witnesses there), a wait per pool producer (the changelog reads its topic's metadata there).
 * <p>
 * On failure of either side, or when the owner closed meanwhile, the pool's producers are closed (without
 * ending a transaction) and the stage fails; it never fails before both sides ended, so nothing of the start
 * runs on the executor any more once it completed. Configure, then {@link #run} once.
 *
 * @param <K> the record key type
 * @param <V> the record value type
 */
public final class TransactionalStart<K, V> {

    private final TransactionalProducerFactory<K, V> producers;
    private final TransactionResumer resumer;
    private final String where;
    private final ILogger logger;
    private Supplier<Admin> probeAdmin;
    private boolean probeAdminOwned;
    private long probeTimeoutMs;
    private Consumer<List<CommitOutcome>> afterRecovery = outcomes -> { };
    private Function<Producer<K, V>, CompletionStage<?>> eachPoolProducer;

    /**
     * @param producers creates every producer of the start: the pool's, and those that commit and fence
     * @param where     who starts, for messages, e.g. "Kafka sink of job 'x' vertex 'y' processor 0/2"
     */
    public TransactionalStart(TransactionalProducerFactory<K, V> producers, TransactionResumer resumer, String where,
                              ILogger logger) {
        this.producers = requireNonNull(producers, "producers cannot be null");
        this.resumer = requireNonNull(resumer, "resumer cannot be null");
        this.where = requireNonNull(where, "where cannot be null");
        this.logger = requireNonNull(logger, "logger cannot be null");
    }

    /** Probes the ids to fence through {@code admin}, which the caller owns and keeps open during the start. */
    public TransactionalStart<K, V> probeThrough(Admin admin, long timeoutMs) {
        requireNonNull(admin, "admin cannot be null");
        this.probeAdmin = () -> admin;
        this.probeAdminOwned = false;
        this.probeTimeoutMs = timeoutMs;
        return this;
    }

    /**
     * Probes the ids to fence through an admin client of its own, created only when there is something to
     * fence and closed once recovery ended.
     */
    public TransactionalStart<K, V> probeThroughOwnAdmin(Supplier<Admin> newAdmin, long timeoutMs) {
        this.probeAdmin = requireNonNull(newAdmin, "newAdmin cannot be null");
        this.probeAdminOwned = true;
        this.probeTimeoutMs = timeoutMs;
        return this;
    }

    /**
     * Runs {@code check} on the executor once recovery succeeded, with its commit outcomes in the plan's order,
     * before the start counts as done; when it throws, the start fails. Not called when recovery failed.
     */
    public TransactionalStart<K, V> afterRecovery(Consumer<List<CommitOutcome>> check) {
        this.afterRecovery = requireNonNull(check, "check cannot be null");
        return this;
    }

    /**
     * Applies {@code ready} to each producer the pool creates while it starts (before its
     * {@code initTransactions()} ends); the pool is handed over only once every returned stage completed, and
     * the start fails when one failed.
     */
    public TransactionalStart<K, V> eachPoolProducer(Function<Producer<K, V>, CompletionStage<?>> ready) {
        this.eachPoolProducer = requireNonNull(ready, "ready cannot be null");
        return this;
    }

    /**
     * Starts: recovery and the pool in parallel on {@code executor}, whose tasks never wait for each other.
     *
     * @param ownerClosed read once both sides are done: when true, the pool is closed and the start fails
     * @return the started pool with what recovery found
     */
    public CompletableFuture<Started<K, V>> run(RecoveryPlan plan, Executor executor, BooleanSupplier ownerClosed) {
        requireNonNull(plan, "plan cannot be null");
        requireNonNull(executor, "executor cannot be null");
        requireNonNull(ownerClosed, "ownerClosed cannot be null");
        // created first: when that fails, nothing was started yet
        Admin admin = probeAdmin == null || plan.toFence().isEmpty() ? null : probeAdmin.get();
        CompletableFuture<TransactionalProducerPool<K, V>> pool;
        try {
            pool = startPool(plan, executor);
        } catch (RuntimeException e) {
            if (admin != null && probeAdminOwned) {
                admin.close(Duration.ZERO);
            }
            throw e;
        }
        TransactionalIdProbe probe = admin == null ? TransactionalIdProbe.NONE
                : TransactionalIdProbe.of(admin, probeTimeoutMs);
        CompletableFuture<List<CommitOutcome>> recovery = new TransactionRecovery(producers, resumer, logger, probe)
                .executeAsync(plan, executor);
        if (admin != null && probeAdminOwned) {
            recovery.whenComplete((outcomes, error) -> admin.close(Duration.ZERO));
        }
        CompletableFuture<List<CommitOutcome>> recovered = recovery.thenApplyAsync(outcomes -> {
            afterRecovery.accept(outcomes);
            return outcomes;
        }, executor);
        // allOf waits for both sides; when both failed, it fails with recovery's failure
        return CompletableFuture.allOf(recovered, pool).handle((done, error) -> {
            TransactionalProducerPool<K, V> started = pool.isCompletedExceptionally() ? null : pool.join();
            RuntimeException failure = error == null ? null : unwrap(error);
            if (failure == null && ownerClosed.getAsBoolean()) {
                failure = new IllegalStateException(where + ": closed while starting");
            }
            if (failure == null) {
                return new Started<>(started, recovered.join());
            }
            if (started != null) {
                closeQuietly(started, failure);
            }
            throw failure;
        });
    }

    private CompletableFuture<TransactionalProducerPool<K, V>> startPool(RecoveryPlan plan, Executor executor) {
        if (eachPoolProducer == null) {
            return TransactionalProducerPool.startAsync(plan.pool(), producers, resumer, executor, logger);
        }
        // Filled by the pool's start tasks, complete by the time the pool's stage completes; producers the pool
        // creates later (protocol 1 re-initialisation) are not the start's business.
        List<CompletableFuture<?>> ready = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean starting = new AtomicBoolean(true);
        Function<Producer<K, V>, CompletionStage<?>> hook = eachPoolProducer;
        TransactionalProducerFactory<K, V> poolProducers = id -> {
            Producer<K, V> producer = producers.create(id);
            if (starting.get()) {
                try {
                    ready.add(hook.apply(producer).toCompletableFuture());
                } catch (RuntimeException e) {
                    producer.close(Duration.ZERO);
                    throw e;
                }
            }
            return producer;
        };
        return TransactionalProducerPool.startAsync(plan.pool(), poolProducers, resumer, executor, logger)
                .thenCompose(started -> {
                    starting.set(false);
                    CompletableFuture<?>[] stages;
                    synchronized (ready) {
                        stages = ready.toArray(CompletableFuture[]::new);
                    }
                    return CompletableFuture.allOf(stages).handle((done, error) -> {
                        if (error != null) {
                            RuntimeException failure = unwrap(error);
                            closeQuietly(started, failure);
                            throw failure;
                        }
                        return started;
                    });
                });
    }

    private static void closeQuietly(TransactionalProducerPool<?, ?> pool, RuntimeException failure) {
        try {
            pool.close();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static RuntimeException unwrap(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof RuntimeException ? (RuntimeException) cause : new CompletionException(cause);
    }

    /**
     * A started pool, ready to write, with what recovery found.
     *
     * @param pool     the pool on the plan's ids; the caller closes it
     * @param outcomes the commit outcomes of recovery, in the order of {@link RecoveryPlan#toCommit()}
     */
    public record Started<K, V>(TransactionalProducerPool<K, V> pool, List<CommitOutcome> outcomes) {

        /** Copies the outcomes. */
        public Started {
            requireNonNull(pool, "pool cannot be null");
            outcomes = List.copyOf(outcomes);
        }
    }
}
