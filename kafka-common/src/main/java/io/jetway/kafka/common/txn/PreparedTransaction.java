package io.jetway.kafka.common.txn;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A flushed, still open Kafka transaction as recorded in snapshot phase 1: enough to commit it later
 * from any member, even after the producer that wrote it is gone.
 * <p>
 * The producer id and epoch are read from the producer at phase 1, every time: with transaction
 * protocol 2 (KIP-890) the epoch changes at every commit and abort, so a value read once would name
 * the wrong transaction.
 * <p>
 * Its owners write it into their snapshot values field by field ({@link #write}, {@link #read}), never as
 * a Java object.
 *
 * @param transactionalId the producer's {@code transactional.id}
 * @param producerId      the producer id of the open transaction
 * @param epoch           the producer epoch of the open transaction
 * @param transactionV2   whether the producer used transaction protocol 2, which decides how the commit
 *                        request must be sent
 */
public record PreparedTransaction(String transactionalId, long producerId, short epoch, boolean transactionV2) {

    /** Validates the fields. */
    public PreparedTransaction {
        requireNonNull(transactionalId, "transactionalId cannot be null");
        if (producerId < 0 || epoch < 0) {
            throw new IllegalArgumentException("no open transaction for '" + transactionalId + "': producer id "
                    + producerId + ", epoch " + epoch);
        }
    }

    /** Writes {@code transaction}'s fields: transactional id, producer id, epoch, protocol 2 or not. */
    public static void write(ObjectDataOutput out, PreparedTransaction transaction) throws IOException {
        out.writeString(transaction.transactionalId);
        out.writeLong(transaction.producerId);
        out.writeShort(transaction.epoch);
        out.writeBoolean(transaction.transactionV2);
    }

    /** Reads what {@link #write} wrote. */
    public static PreparedTransaction read(ObjectDataInput in) throws IOException {
        return new PreparedTransaction(in.readString(), in.readLong(), in.readShort(), in.readBoolean());
    }

    /** Writes the size of {@code transactions}, then each with {@link #write}. */
    public static void writeList(ObjectDataOutput out, List<PreparedTransaction> transactions) throws IOException {
        out.writeInt(transactions.size());
        for (PreparedTransaction transaction : transactions) {
            write(out, transaction);
        }
    }

    /** Reads what {@link #writeList} wrote. */
    public static List<PreparedTransaction> readList(ObjectDataInput in) throws IOException {
        int size = in.readInt();
        if (size < 0) {
            throw new InvalidObjectException("negative number of prepared transactions: " + size);
        }
        List<PreparedTransaction> transactions = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            transactions.add(read(in));
        }
        return transactions;
    }

    @Override
    public String toString() {
        return transactionalId + "(producerId=" + producerId + ", epoch=" + epoch + ", protocol "
                + (transactionV2 ? 2 : 1) + ")";
    }
}
