package io.jetway.state.changelog;

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

import static java.util.Objects.requireNonNull;

/**
 * What the Jet snapshot holds for one state partition: positions only, never state, so a snapshot costs
 * the same at 10 thousand keys as at 10 million. Written field by field ({@link SnapshotFormat}); a restore
 * reads formats 3 and 4 and refuses any other.
 *
 * <pre>
 *  key "kafka-changelog-position", written for each owned state partition at every phase 1:
 *    formatVersion        int      4; 3 is read too (no local size: the restore grows the store as it goes);
 *                                  1 and 2 (Java-serialized by earlier Jetway versions) are not readable
 *    topic                string   the changelog topic (a restore refuses another one)
 *    statePartition       int      = changelog partition
 *    snapshotId           long     the snapshot that wrote it
 *    generation           int      0 at a fresh start, +1 at every restore: picks the parity of the
 *                                  transactional ids
 *    writerIndex          int      processor index of the writer
 *    writerParallelism    int      number of processors then
 *    writerPoolSize       int      transactional ids per processor then
 *    baseOffset           long     offset of this job's first record (its first one acknowledged there), -1
 *                                  while it has written none: older records belong to an earlier job with the
 *                                  same name and are never restored. (Jetway before 2026-12-07 recorded the log
 *                                  end offset at the job's fresh start, which reads the same.)
 *    lastOffset           long     offset of the last record this snapshot covers, &lt; baseOffset when none
 *    anchor               boolean  whether this is the writer's lowest partition: its restorer commits the
 *                                  writer's prepared transactions and fences the writer's ids
 *    prepared             int n, then n transactions (transactional id string, producer id long, epoch short,
 *                                  protocol 2 boolean): the writer's transactions prepared and not committed
 *                                  yet (only in the anchor), producer id and epoch read at phase 1
 *    ranges               int n, then n times a transaction as above, afterOffset long, lastOffset long: every
 *                                  one of those that wrote to this partition, oldest first, with the offsets
 *                                  (afterOffset, lastOffset] its records took here: a restore needs them all
 *                                  committed
 *    keys                 long     (format 4) keys of the partition's local store at phase 1, i.e. of the state
 *                                  this entry restores: a restore sizes the store for them up front
 *    liveBytes            long     (format 4) bytes of those keys' records in the store at phase 1
 * </pre>
 * A restore applies the committed records of {@code [baseOffset, lastOffset]}; it fails loudly when one of
 * the {@code ranges} holds no committed record (its transaction was aborted, e.g. by the broker after
 * {@code transaction.timeout.ms}, while a later one was committed), when the record at {@code lastOffset}
 * is not committed, or when committed records follow it (the snapshot is older than the changelog).
 */
final class ChangelogSnapshotEntry implements DataSerializable {

    static final String KEY = "kafka-changelog-position";
    static final int FORMAT_VERSION = 4;
    /** The oldest format a restore reads: 3, without the local size. */
    static final int OLDEST_FORMAT_VERSION = 3;

    private String topic;
    private int statePartition;
    private long snapshotId;
    private int generation;
    private int writerIndex;
    private int writerParallelism;
    private int writerPoolSize;
    private long baseOffset;
    private long lastOffset;
    private boolean anchor;
    private List<PreparedTransaction> prepared;
    private List<TransactionRange> ranges;
    private LocalSize localSize;

    ChangelogSnapshotEntry(String topic, int statePartition, long snapshotId, int generation, int writerIndex,
                           int writerParallelism, int writerPoolSize, long baseOffset, long lastOffset, boolean anchor,
                           List<PreparedTransaction> prepared, List<TransactionRange> ranges, LocalSize localSize) {
        this.topic = requireNonNull(topic, "topic cannot be null");
        this.statePartition = statePartition;
        this.snapshotId = snapshotId;
        this.generation = generation;
        this.writerIndex = writerIndex;
        this.writerParallelism = writerParallelism;
        this.writerPoolSize = writerPoolSize;
        this.baseOffset = baseOffset;
        this.lastOffset = lastOffset;
        this.anchor = anchor;
        this.prepared = List.copyOf(prepared);
        this.ranges = List.copyOf(ranges);
        this.localSize = requireNonNull(localSize, "localSize cannot be null");
    }

    /** For Hazelcast only: {@link #readData} sets the fields. */
    private ChangelogSnapshotEntry() {
    }

    String topic() {
        return topic;
    }

    int statePartition() {
        return statePartition;
    }

    long snapshotId() {
        return snapshotId;
    }

    int generation() {
        return generation;
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

    long baseOffset() {
        return baseOffset;
    }

    long lastOffset() {
        return lastOffset;
    }

    boolean anchor() {
        return anchor;
    }

    List<PreparedTransaction> prepared() {
        return prepared;
    }

    List<TransactionRange> ranges() {
        return ranges;
    }

    /** The size of the partition's local store when the entry was written ({@link LocalSize#UNKNOWN} in format 3). */
    LocalSize localSize() {
        return localSize;
    }

    /**
     * This entry taken over by the current execution before it changed anything, once its recovery committed
     * the previous execution's prepared transactions and fenced that execution's ids: the same positions and
     * ranges, nothing left to commit. A snapshot then holds entries of one execution only, as a restore needs.
     */
    ChangelogSnapshotEntry recoveredBy(long newSnapshotId, int newGeneration, int newWriterIndex,
                                       int newWriterParallelism, int newWriterPoolSize, boolean newAnchor) {
        return new ChangelogSnapshotEntry(topic, statePartition, newSnapshotId, newGeneration, newWriterIndex,
                newWriterParallelism, newWriterPoolSize, baseOffset, lastOffset, newAnchor, List.of(), ranges,
                localSize);
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        SnapshotFormat.writeVersion(out, FORMAT_VERSION);
        out.writeString(topic);
        out.writeInt(statePartition);
        out.writeLong(snapshotId);
        out.writeInt(generation);
        out.writeInt(writerIndex);
        out.writeInt(writerParallelism);
        out.writeInt(writerPoolSize);
        out.writeLong(baseOffset);
        out.writeLong(lastOffset);
        out.writeBoolean(anchor);
        PreparedTransaction.writeList(out, prepared);
        out.writeInt(ranges.size());
        for (TransactionRange range : ranges) {
            PreparedTransaction.write(out, range.transaction());
            out.writeLong(range.afterOffset());
            out.writeLong(range.lastOffset());
        }
        out.writeLong(localSize.keys());
        out.writeLong(localSize.liveBytes());
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        int version = SnapshotFormat.readVersion(in, OLDEST_FORMAT_VERSION, FORMAT_VERSION,
                ChangelogSnapshotEntry.class, "kafka-changelog snapshot entry");
        topic = requireNonNull(in.readString(), "topic");
        statePartition = in.readInt();
        snapshotId = in.readLong();
        generation = in.readInt();
        writerIndex = in.readInt();
        writerParallelism = in.readInt();
        writerPoolSize = in.readInt();
        baseOffset = in.readLong();
        lastOffset = in.readLong();
        anchor = in.readBoolean();
        prepared = List.copyOf(PreparedTransaction.readList(in));
        int size = in.readInt();
        if (size < 0) {
            throw new InvalidObjectException("negative number of transaction ranges: " + size);
        }
        List<TransactionRange> read = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            read.add(new TransactionRange(PreparedTransaction.read(in), in.readLong(), in.readLong()));
        }
        ranges = List.copyOf(read);
        localSize = version >= 4 ? readLocalSize(in) : LocalSize.UNKNOWN;
    }

    // LocalSize checks its fields; a damaged entry is refused as Hazelcast expects it from readData
    private static LocalSize readLocalSize(ObjectDataInput in) throws IOException {
        long keys = in.readLong();
        long liveBytes = in.readLong();
        try {
            return new LocalSize(keys, liveBytes);
        } catch (IllegalArgumentException e) {
            throw new InvalidObjectException(e.getMessage());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChangelogSnapshotEntry other && topic.equals(other.topic)
                && statePartition == other.statePartition && snapshotId == other.snapshotId
                && generation == other.generation && writerIndex == other.writerIndex
                && writerParallelism == other.writerParallelism && writerPoolSize == other.writerPoolSize
                && baseOffset == other.baseOffset && lastOffset == other.lastOffset && anchor == other.anchor
                && prepared.equals(other.prepared) && ranges.equals(other.ranges)
                && localSize.equals(other.localSize);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, statePartition, snapshotId, generation, writerIndex, writerParallelism,
                writerPoolSize, baseOffset, lastOffset, anchor, prepared, ranges, localSize);
    }

    @Override
    public String toString() {
        return "ChangelogSnapshotEntry[topic=" + topic + ", statePartition=" + statePartition + ", snapshotId="
                + snapshotId + ", generation=" + generation + ", writerIndex=" + writerIndex + ", writerParallelism="
                + writerParallelism + ", writerPoolSize=" + writerPoolSize + ", baseOffset=" + baseOffset
                + ", lastOffset=" + lastOffset + ", anchor=" + anchor + ", prepared=" + prepared + ", ranges="
                + ranges + ", localSize=" + localSize + "]";
    }

    /**
     * The records one prepared transaction wrote to the entry's partition: offsets {@code (afterOffset,
     * lastOffset]}, which only that transaction wrote (one writer per partition, one open transaction at a
     * time), though compaction may since have removed some of them.
     *
     * @param transaction the transaction, as prepared at phase 1
     * @param afterOffset the partition's last acknowledged offset before it (exclusive)
     * @param lastOffset  the offset of its last acknowledged record here (inclusive)
     */
    record TransactionRange(PreparedTransaction transaction, long afterOffset, long lastOffset) {

        @Override
        public String toString() {
            return transaction + " offsets " + (afterOffset + 1) + ".." + lastOffset;
        }
    }

    /**
     * The size of a state partition's local store at phase 1: its keys and the bytes of their records. A restore
     * reserves that much before reading the changelog, so the store does not grow (and copy itself) step by step.
     * Only a hint: a wrong one costs memory or copies, never correctness.
     *
     * @param keys      keys in the store, 0 when unknown
     * @param liveBytes bytes of their records ({@link OffHeapBytesMap#liveBytes()}), 0 when unknown
     */
    record LocalSize(long keys, long liveBytes) {

        /** Not recorded (format 3). */
        static final LocalSize UNKNOWN = new LocalSize(0, 0);

        LocalSize {
            if (keys < 0 || liveBytes < 0) {
                throw new IllegalArgumentException("negative local size: " + keys + " keys, " + liveBytes + " bytes");
            }
        }
    }
}
