package io.jetway.kafka.common.txn;

import org.apache.kafka.clients.producer.Producer;

/**
 * Creates the transactional producers of a pool, of recovery and of fencing: the caller's client
 * settings (bootstrap servers, security, serializers, {@code transaction.timeout.ms}) plus the given
 * {@code transactional.id}.
 *
 * @param <K> the record key type
 * @param <V> the record value type
 */
@FunctionalInterface
public interface TransactionalProducerFactory<K, V> {

    /**
     * A new producer with {@code transactional.id = transactionalId}; {@code initTransactions()} not
     * called yet.
     */
    Producer<K, V> create(String transactionalId);
}
