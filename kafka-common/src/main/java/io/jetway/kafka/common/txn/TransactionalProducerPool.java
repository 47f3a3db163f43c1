package io.jetway.kafka.common.txn;

import com.hazelcast.jet.RestartableException;
import com.hazelcast.logging.ILogger;
import org.apache.kafka.clients.producer.Producer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * The transactional producers of one processor, one per transactional id, rotated at every snapshot:
 * records go to the <em>open</em> transaction; {@link #prepare} (phase 1) flushes it and records it as
 * prepared, the next {@link #producer()} call opens a transaction on another id, and {@link #commit}
 * (phase 2) commits what was prepared. Processing never waits for phase 2.
 *
 * <h2>Slots</h2>
 * <pre>
 *   IDLE --producer()--> OPEN --prepare(N)--> PREPARED(N) --commit(M >= N)--+--> IDLE          (epoch bumped: protocol 2)
 *                                                                          +--> RETIRED(M)    (same epoch: protocol 1)
 *   RETIRED(M) --commit(M' > M)--> IDLE        RETIRED(M) --no idle id left: new producer, initTransactions--> IDLE
 * </pre>
 * A failed snapshot (phase 2 with {@code success=false}: the caller just does not call {@link #commit})
 * leaves its transaction PREPARED; the next successful one commits it too.
 * <p>
 * Why RETIRED: a restore from snapshot M commits M's transactions "if still open", by producer id and
 * epoch. With transaction protocol 2 every commit bumps the epoch, so a later transaction on the same
 * id can never be taken for M's. With protocol 1 it keeps the epoch: the id is reused only after a
 * later snapshot succeeded (no restore from M any more) or after a new producer bumped the epoch with
 * {@code initTransactions()}. So every transaction ever opened on an id has its own (producer id, epoch).
 * <p>
 * Size: 2 ids suffice (prepared + open); a third saves protocol 1 the re-initialisation; each snapshot
 * that fails in a row keeps one more id PREPARED, and {@link #producer()} fails when all are.
 * <p>
 * Not thread-safe: one processor thread calls everything.
 *
 * @param <K> the record key type
 * @param <V> the record value type
 */
public final class TransactionalProducerPool<K, V> implements AutoCloseable {

    /** The fewest ids a pool works with: one prepared, one open. */
    public static final int MIN_SIZE = 2;

    private final List<Slot<K, V>> slots;
    private final TransactionalProducerFactory<K, V> factory;
    private final TransactionResumer resumer;
    private final ILogger logger;
    private Slot<K, V> open;
    private int nextIdle;
    private boolean closed;

    private TransactionalProducerPool(List<Slot<K, V>> slots, TransactionalProducerFactory<K, V> factory,
                                      TransactionResumer resumer, ILogger logger) {
        this.slots = slots;
        this.factory = factory;
        this.resumer = resumer;
        this.logger = logger;
    }

    /**
     * Creates a producer per id and calls {@code initTransactions()} on each, in parallel on
     * {@code executor}, which fences earlier producers of those ids and aborts their open transactions.
     * Blocking.
     */
    public static <K, V> TransactionalProducerPool<K, V> start(List<String> transactionalIds,
                                                             TransactionalProducerFactory<K, V> factory,
                                                             TransactionResumer resumer, Executor executor,
                                                             ILogger logger) {
        return Futures.join(startAsync(transactionalIds, factory, resumer, executor, logger));
    }

    /**
     * {@link #start} without blocking the caller; the tasks on {@code executor} never wait for each other.
     * When an id fails, the producers of the others are closed and the stage fails.
     */
    public static <K, V> CompletableFuture<TransactionalProducerPool<K, V>> startAsync(
            List<String> transactionalIds, TransactionalProducerFactory<K, V> factory, TransactionResumer resumer,
            Executor executor, ILogger logger) {
        requireNonNull(factory, "factory cannot be null");
        requireNonNull(resumer, "resumer cannot be null");
        requireNonNull(logger, "logger cannot be null");
        if (transactionalIds.size() < MIN_SIZE) {
            throw new IllegalArgumentException("A transactional producer pool needs at least " + MIN_SIZE
                    + " ids, got " + transactionalIds);
        }
        List<CompletableFuture<Producer<K, V>>> starting = new ArrayList<>();
        for (String id : transactionalIds) {
            starting.add(CompletableFuture.supplyAsync(() -> initialized(factory, id), executor));
        }
        return CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).handle((done, error) -> {
            List<Slot<K, V>> slots = new ArrayList<>();
            RuntimeException failure = null;
            for (int i = 0; i < starting.size(); i++) {
                try {
                    slots.add(new Slot<>(transactionalIds.get(i), starting.get(i).join()));
                } catch (RuntimeException e) {
                    RuntimeException cause = e instanceof CompletionException && e.getCause() instanceof RuntimeException
                            ? (RuntimeException) e.getCause() : e;
                    if (failure == null) {
                        failure = cause;
                    } else {
                        failure.addSuppressed(cause);
                    }
                }
            }
            if (failure != null) {
                slots.forEach(slot -> slot.producer.close(Duration.ZERO));
                throw failure;
            }
            return new TransactionalProducerPool<>(slots, factory, resumer, logger);
        });
    }

    private static <K, V> Producer<K, V> initialized(TransactionalProducerFactory<K, V> factory, String id) {
        Producer<K, V> producer = factory.create(id);
        try {
            producer.initTransactions();
            return producer;
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw new IllegalStateException("Cannot initialise transactions for transactional id '" + id + "': "
                    + e, e);
        }
    }

    /**
     * The producer of the open transaction, opening one on an idle id first if none is open.
     *
     * @throws IllegalStateException when every id holds a prepared transaction
     */
    public Producer<K, V> producer() {
        Slot<K, V> slot = open;
        if (slot == null) {
            slot = idleSlot();
            slot.producer.beginTransaction();
            slot.state = SlotState.OPEN;
            slot.openedAtNs = System.nanoTime();
            open = slot;
        }
        return slot.producer;
    }

    /** Whether a transaction is open (records were sent since the last {@link #prepare}). */
    public boolean hasOpenTransaction() {
        return open != null;
    }

    /** Flushes the open transaction, if any: when this returns, every record sent so far is acknowledged. */
    public void flush() {
        if (open != null) {
            open.producer.flush();
        }
    }

    /**
     * Phase 1 of snapshot {@code snapshotId}: flushes the open transaction, if any, reads its producer id
     * and epoch, and marks it prepared; the next record opens a transaction on another id.
     *
     * @return every prepared transaction not committed yet, oldest first: what the snapshot must record
     */
    public List<PreparedTransaction> prepare(long snapshotId) {
        Slot<K, V> slot = open;
        if (slot != null) {
            slot.producer.flush();
            slot.prepared = resumer.currentTransaction(slot.producer);
            slot.snapshotId = snapshotId;
            slot.state = SlotState.PREPARED;
            open = null;
        }
        return pending();
    }

    /** Every prepared transaction not committed yet, oldest first. */
    public List<PreparedTransaction> pending() {
        List<Slot<K, V>> prepared = slotsIn(SlotState.PREPARED);
        List<PreparedTransaction> transactions = new ArrayList<>(prepared.size());
        for (Slot<K, V> slot : prepared) {
            transactions.add(slot.prepared);
        }
        return transactions;
    }

    /**
     * Phase 1's age check, before {@link #prepare}: fails when the oldest transaction a snapshot prepared now
     * would rely on (the open one, or one that a snapshot which did not succeed prepared) was opened more than
     * half of {@code timeoutMs} ago. The broker aborts a transaction {@code transaction.timeout.ms} after
     * its first record; one that old could be aborted before phase 2 commits it, and a restore from this
     * snapshot would then miss its records. Not preparing it makes Jet restart the job from its previous
     * snapshot instead, which aborts these transactions and produces their records again: no loss.
     *
     * @param timeoutMs the producers' {@code transaction.timeout.ms}
     * @param where     who is writing, for the message
     * @param remedy    how to raise the timeout, e.g. "raise KafkaSinkConfig.transactionTimeout"
     * @throws RestartableException naming the transactional id, its age and the timeout
     */
    public void checkTransactionAge(long timeoutMs, String where, String remedy) {
        Slot<K, V> oldest = null;
        for (Slot<K, V> slot : slots) {
            if ((slot.state == SlotState.OPEN || slot.state == SlotState.PREPARED)
                    && (oldest == null || slot.openedAtNs - oldest.openedAtNs < 0)) {
                oldest = slot;
            }
        }
        if (oldest == null) {
            return;
        }
        long ageMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - oldest.openedAtNs);
        if (ageMs <= timeoutMs / 2) {
            return;
        }
        String which = oldest.state == SlotState.OPEN ? "the open transaction of transactional.id '" + oldest.id + "'"
                : "the transaction of transactional.id '" + oldest.id + "' (" + oldest.prepared + "), prepared by "
                + "snapshot " + oldest.snapshotId + " which did not succeed,";
        throw new RestartableException(where + ": " + which + " is " + ageMs + " ms old, more than half of "
                + "transaction.timeout.ms=" + timeoutMs + ": the broker could abort it before snapshot phase 2 "
                + "commits it, so it is not prepared; the job restarts from its previous snapshot and writes its "
                + "records again. Was the job stalled? If snapshots are this far apart, " + remedy);
    }

    /**
     * Phase 2 of a successful snapshot {@code snapshotId}: commits every transaction prepared at or
     * before it, oldest first. Ids retired by an earlier snapshot become idle again.
     */
    public void commit(long snapshotId) {
        for (Slot<K, V> slot : slotsIn(SlotState.RETIRED)) {
            if (slot.snapshotId < snapshotId) {
                slot.state = SlotState.IDLE;
                slot.prepared = null;
            }
        }
        for (Slot<K, V> slot : slotsIn(SlotState.PREPARED)) {
            if (slot.snapshotId <= snapshotId) {
                try {
                    slot.producer.commitTransaction();
                } catch (RuntimeException e) {
                    throw new IllegalStateException("Cannot commit " + slot.prepared + " of snapshot " + snapshotId
                            + ": " + e, e);
                }
                PreparedTransaction after = resumer.currentTransaction(slot.producer);
                boolean epochBumped = after.producerId() != slot.prepared.producerId()
                        || after.epoch() != slot.prepared.epoch();
                logger.finest("Committed " + slot.prepared + " of snapshot " + snapshotId + ", now " + after);
                slot.state = epochBumped ? SlotState.IDLE : SlotState.RETIRED;
                slot.snapshotId = snapshotId;
            }
        }
    }

    /**
     * Aborts the open transaction, if any (its records are not covered by any snapshot). Prepared
     * transactions are left alone: a restore may still commit them.
     */
    public void abortOpenTransaction() {
        Slot<K, V> slot = open;
        if (slot != null) {
            open = null;
            slot.producer.abortTransaction();
            slot.state = SlotState.IDLE;
        }
    }

    /** The number of ids. */
    public int size() {
        return slots.size();
    }

    /** The ids, in pool order. */
    public List<String> transactionalIds() {
        List<String> ids = new ArrayList<>(slots.size());
        for (Slot<K, V> slot : slots) {
            ids.add(slot.id);
        }
        return ids;
    }

    /**
     * Closes every producer at once, without aborting anything: prepared transactions must stay open for
     * a restore to commit; the open one is aborted by the next fence or by the broker after
     * {@code transaction.timeout.ms} (call {@link #abortOpenTransaction()} first to end it now).
     * Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        for (Slot<K, V> slot : slots) {
            try {
                // Duration.ZERO: a graceful close would abort the transaction
                slot.producer.close(Duration.ZERO);
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private Slot<K, V> idleSlot() {
        for (int n = 0; n < slots.size(); n++) {
            int index = (nextIdle + n) % slots.size();
            Slot<K, V> slot = slots.get(index);
            if (slot.state == SlotState.IDLE) {
                nextIdle = (index + 1) % slots.size();
                return slot;
            }
        }
        List<Slot<K, V>> retired = slotsIn(SlotState.RETIRED);
        if (!retired.isEmpty()) {
            return reinitialized(retired.get(0));
        }
        throw new IllegalStateException("No idle transactional id among " + transactionalIds() + ": all hold "
                + "transactions prepared by snapshots that did not succeed yet " + pending() + ". Too many "
                + "snapshots failed in a row for a pool of " + slots.size() + "; the job must restart from its last "
                + "successful snapshot (a larger pool tolerates more)");
    }

    // Protocol 1 keeps the epoch at commit: a new producer's initTransactions() bumps it, so that the
    // retired transaction's (producer id, epoch) can never name a later transaction.
    private Slot<K, V> reinitialized(Slot<K, V> slot) {
        slot.producer.close(Duration.ZERO);
        slot.producer = initialized(factory, slot.id);
        slot.state = SlotState.IDLE;
        slot.prepared = null;
        return slot;
    }

    private List<Slot<K, V>> slotsIn(SlotState state) {
        List<Slot<K, V>> found = new ArrayList<>();
        for (Slot<K, V> slot : slots) {
            if (slot.state == state) {
                found.add(slot);
            }
        }
        found.sort(Comparator.comparingLong(slot -> slot.snapshotId));
        return found;
    }

    private enum SlotState { IDLE, OPEN, PREPARED, RETIRED }

    private static final class Slot<K, V> {
        final String id;
        Producer<K, V> producer;
        SlotState state = SlotState.IDLE;
        long snapshotId;
        // System.nanoTime() when its transaction was opened (begun before its first record)
        long openedAtNs;
        PreparedTransaction prepared;

        Slot(String id, Producer<K, V> producer) {
            this.id = id;
            this.producer = producer;
        }
    }
}
