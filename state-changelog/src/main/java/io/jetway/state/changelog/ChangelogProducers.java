package io.jetway.state.changelog;

import io.jetway.kafka.common.txn.PreparedTransaction;
import io.jetway.kafka.common.txn.TransactionalProducerPool;
import org.apache.kafka.clients.producer.Producer;

import java.time.Duration;
import java.util.List;

/**
 * Where changelog records go, and what the two snapshot phases do with them: per snapshot epoch in a
 * Kafka transaction when the job is exactly-once ({@link #transactional}), else through one idempotent
 * producer flushed at phase 1 ({@link #atLeastOnce}).
 */
interface ChangelogProducers extends AutoCloseable {

    /** Transactional: a pool of transactional producers, rotated at phase 1, committed at phase 2. */
    static ChangelogProducers transactional(TransactionalProducerPool<byte[], byte[]> pool) {
        return new ChangelogProducers() {
            @Override
            public Producer<byte[], byte[]> producer() {
                return pool.producer();
            }

            @Override
            public void flush() {
                pool.flush();
            }

            @Override
            public void checkTransactionAge(long timeoutMs, String where, String remedy) {
                pool.checkTransactionAge(timeoutMs, where, remedy);
            }

            @Override
            public List<PreparedTransaction> prepare(long snapshotId) {
                return pool.prepare(snapshotId);
            }

            @Override
            public void commit(long snapshotId) {
                pool.commit(snapshotId);
            }

            @Override
            public int pendingTransactions() {
                return pool.pending().size();
            }

            @Override
            public void close() {
                pool.close();
            }
        };
    }

    /**
     * At-least-once (or no guarantee, where Jet takes no snapshots at all and transactions would never be
     * committed): one idempotent producer; a restore reads {@code read_uncommitted} up to the snapshot's
     * last offset.
     */
    static ChangelogProducers atLeastOnce(Producer<byte[], byte[]> producer) {
        return new ChangelogProducers() {
            @Override
            public Producer<byte[], byte[]> producer() {
                return producer;
            }

            @Override
            public void flush() {
                producer.flush();
            }

            @Override
            public void checkTransactionAge(long timeoutMs, String where, String remedy) {
            }

            @Override
            public List<PreparedTransaction> prepare(long snapshotId) {
                producer.flush();
                return List.of();
            }

            @Override
            public void commit(long snapshotId) {
            }

            @Override
            public int pendingTransactions() {
                return 0;
            }

            @Override
            public void close() {
                producer.close(Duration.ZERO);
            }
        };
    }

    /** The producer to send the next record with. */
    Producer<byte[], byte[]> producer();

    /** Returns once every record sent so far is acknowledged (or failed). */
    void flush();

    /**
     * Phase 1, before {@link #prepare}: fails with a {@code RestartableException} when a transaction the
     * snapshot would rely on is older than half of {@code timeoutMs}; see
     * {@link TransactionalProducerPool#checkTransactionAge}.
     */
    void checkTransactionAge(long timeoutMs, String where, String remedy);

    /** Phase 1: flushes; returns the transactions the snapshot must record. */
    List<PreparedTransaction> prepare(long snapshotId);

    /** Phase 2 of a successful snapshot. */
    void commit(long snapshotId);

    /** Transactions prepared and not committed yet. */
    int pendingTransactions();

    /** Closes at once, ending no transaction. */
    @Override
    void close();
}
