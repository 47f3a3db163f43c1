package io.jetway.kafka.common.txn;

import java.io.Serializable;

import static java.util.Objects.requireNonNull;

/**
 * A flushed, still open Kafka transaction as recorded in snapshot phase 1: enough to commit it later
 * from any member, even after the producer that wrote it is gone.
 * <p>
 * The producer id and epoch are read from the producer at phase 1, every time: with transaction
 * protocol 2 (KIP-890) the epoch changes at every commit and abort, so a value read once would name
 * the wrong transaction.
 *
 * @param transactionalId the producer's {@code transactional.id}
 * @param producerId      the producer id of the open transaction
 * @param epoch           the producer epoch of the open transaction
 * @param transactionV2   whether the producer used transaction protocol 2, which decides how the commit
 *                        request must be sent
 */
public record PreparedTransaction(String transactionalId, long producerId, short epoch, boolean transactionV2)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Validates the fields. */
    public PreparedTransaction {
        requireNonNull(transactionalId, "transactionalId cannot be null");
        if (producerId < 0 || epoch < 0) {
            throw new IllegalArgumentException("no open transaction for '" + transactionalId + "': producer id "
                    + producerId + ", epoch " + epoch);
        }
    }

    @Override
    public String toString() {
        return transactionalId + "(producerId=" + producerId + ", epoch=" + epoch + ", protocol "
                + (transactionV2 ? 2 : 1) + ")";
    }
}
