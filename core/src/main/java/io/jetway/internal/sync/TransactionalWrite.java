package io.jetway.internal.sync;

import com.hazelcast.transaction.TransactionContext;

import java.io.Serializable;

/** What a sync sink does with one item inside the current Hazelcast transaction. */
@FunctionalInterface
public interface TransactionalWrite<T> extends Serializable {

    /** Applies {@code item} through {@code transaction} (a map set/delete/merge, a queue offer...). */
    void apply(TransactionContext transaction, T item) throws Exception;
}
