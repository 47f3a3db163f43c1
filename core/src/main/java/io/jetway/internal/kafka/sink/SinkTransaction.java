package io.jetway.internal.kafka.sink;

import io.jetway.kafka.common.txn.PreparedTransaction;

import static java.util.Objects.requireNonNull;

/**
 * A transaction the sink prepared in snapshot phase 1, as the snapshot records it (field by field, by
 * {@link SinkSnapshotEntry}).
 *
 * @param transaction    transactional id, producer id and epoch, read at phase 1
 * @param witness        one of its acknowledged records
 * @param openedAtMillis wall-clock time of its first record, to tell a transaction the broker aborted after
 *                       {@code transaction.timeout.ms} from one fenced by another producer
 * @param records        how many records it holds, for messages
 */
record SinkTransaction(PreparedTransaction transaction, CommitWitness witness, long openedAtMillis, long records) {

    SinkTransaction {
        requireNonNull(transaction, "transaction cannot be null");
        requireNonNull(witness, "witness cannot be null");
    }

    @Override
    public String toString() {
        return transaction + " with " + records + " records, witness " + witness;
    }
}
