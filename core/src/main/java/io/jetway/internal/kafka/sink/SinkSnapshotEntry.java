package io.jetway.internal.kafka.sink;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import io.jetway.kafka.common.SnapshotFormat;
import io.jetway.kafka.common.txn.PreparedTransaction;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one sink processor puts in the Jet snapshot at every phase 1, under a broadcast key so that every
 * processor of the restored job sees every entry (each then handles the writers {@code i} with
 * {@code i % newParallelism == itsIndex}, also when the parallelism changed).
 * <p>
 * Written field by field ({@link SnapshotFormat}); a restore refuses any other format version.
 * <pre>
 *   formatVersion       int     2 (1: Java-serialized by earlier Jetway versions, not readable)
 *   writerIndex         int     global processor index of the writer
 *   writerParallelism   int     number of sink processors then
 *   writerPoolSize      int     transactional ids per processor then
 *   generation          int     0 at a fresh start, +1 at every restore: the parity of the transactional ids
 *   epoch               long    the writer's snapshot sequence; a restored processor continues after the highest
 *   prepared            int n, then n times, oldest first, the writer's transactions prepared and not committed:
 *     transaction         transactional id (string), producer id (long), epoch (short), protocol 2 (boolean)
 *     witness             topic (string), partition (int), offset (long)
 *     openedAtMillis      long
 *     records             long
 * </pre>
 */
final class SinkSnapshotEntry implements DataSerializable {

    static final int FORMAT_VERSION = 2;

    private int writerIndex;
    private int writerParallelism;
    private int writerPoolSize;
    private int generation;
    private long epoch;
    private List<SinkTransaction> prepared;

    SinkSnapshotEntry(int writerIndex, int writerParallelism, int writerPoolSize, int generation, long epoch,
                      List<SinkTransaction> prepared) {
        this.writerIndex = writerIndex;
        this.writerParallelism = writerParallelism;
        this.writerPoolSize = writerPoolSize;
        this.generation = generation;
        this.epoch = epoch;
        this.prepared = List.copyOf(prepared);
    }

    /** For Hazelcast only: {@link #readData} sets the fields. */
    private SinkSnapshotEntry() {
    }

    int writerIndex() {
        return writerIndex;
    }

    int writerParallelism() {
        return writerParallelism;
    }

    int writerPoolSize() {
        return writerPoolSize;
    }

    int generation() {
        return generation;
    }

    long epoch() {
        return epoch;
    }

    List<SinkTransaction> prepared() {
        return prepared;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        SnapshotFormat.writeVersion(out, FORMAT_VERSION);
        out.writeInt(writerIndex);
        out.writeInt(writerParallelism);
        out.writeInt(writerPoolSize);
        out.writeInt(generation);
        out.writeLong(epoch);
        out.writeInt(prepared.size());
        for (SinkTransaction transaction : prepared) {
            PreparedTransaction.write(out, transaction.transaction());
            CommitWitness witness = transaction.witness();
            out.writeString(witness.topic());
            out.writeInt(witness.partition());
            out.writeLong(witness.offset());
            out.writeLong(transaction.openedAtMillis());
            out.writeLong(transaction.records());
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        SnapshotFormat.readVersion(in, FORMAT_VERSION, SinkSnapshotEntry.class, "Kafka sink snapshot entry");
        writerIndex = in.readInt();
        writerParallelism = in.readInt();
        writerPoolSize = in.readInt();
        generation = in.readInt();
        epoch = in.readLong();
        int size = in.readInt();
        if (size < 0) {
            throw new InvalidObjectException("negative number of prepared transactions: " + size);
        }
        List<SinkTransaction> transactions = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            PreparedTransaction transaction = PreparedTransaction.read(in);
            CommitWitness witness = new CommitWitness(in.readString(), in.readInt(), in.readLong());
            transactions.add(new SinkTransaction(transaction, witness, in.readLong(), in.readLong()));
        }
        prepared = List.copyOf(transactions);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SinkSnapshotEntry other && writerIndex == other.writerIndex
                && writerParallelism == other.writerParallelism && writerPoolSize == other.writerPoolSize
                && generation == other.generation && epoch == other.epoch && prepared.equals(other.prepared);
    }

    @Override
    public int hashCode() {
        return Objects.hash(writerIndex, writerParallelism, writerPoolSize, generation, epoch, prepared);
    }

    @Override
    public String toString() {
        return "SinkSnapshotEntry[writer " + writerIndex + "/" + writerParallelism + ", pool of " + writerPoolSize
                + ", generation " + generation + ", epoch " + epoch + ", prepared " + prepared + "]";
    }
}
