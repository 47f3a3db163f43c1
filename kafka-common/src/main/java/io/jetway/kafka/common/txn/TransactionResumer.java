package io.jetway.kafka.common.txn;

import org.apache.kafka.clients.producer.Producer;

/**
 * The two things a two-phase commit needs from a transactional producer that kafka-clients does not
 * offer publicly: read which transaction is open, and take over an open transaction of a producer
 * that is gone, so that {@link Producer#commitTransaction()} ends it.
 * <p>
 * Implementations check at construction that the client supports them and fail with a message naming
 * the kafka-clients version otherwise.
 */
public interface TransactionResumer {

    /**
     * The producer id, epoch and protocol of {@code producer}'s open transaction, read now.
     *
     * @param producer a transactional producer with an open transaction
     * @throws IllegalStateException when the producer has no producer id (initTransactions not done)
     */
    PreparedTransaction currentTransaction(Producer<?, ?> producer);

    /**
     * Makes {@code producer} the owner of {@code transaction}, so that {@code commitTransaction()} or
     * {@code abortTransaction()} sends the end-transaction request for it.
     *
     * @param producer a new producer created with {@code transactional.id =
     *                 transaction.transactionalId()} on which {@code initTransactions()} was NOT called
     *                 (that would abort the transaction)
     */
    void resume(Producer<?, ?> producer, PreparedTransaction transaction);
}
