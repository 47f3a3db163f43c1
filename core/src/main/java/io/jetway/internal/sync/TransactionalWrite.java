package io.jetway.internal.sync;

import com.hazelcast.transaction.TransactionContext;

/** What a transactional sync sink does with one item inside the current Hazelcast transaction. */
public interface TransactionalWrite<T> {

    /** Takes one item of the current epoch. */
    void apply(TransactionContext transaction, T item) throws Exception;
}
