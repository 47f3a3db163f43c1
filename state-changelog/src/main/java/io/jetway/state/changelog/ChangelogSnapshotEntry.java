package io.jetway.state.changelog;

import io.jetway.kafka.common.txn.PreparedTransaction;

import java.io.Serializable;
import java.util.List;

/**
 * What the Jet snapshot holds for one state partition: positions only, never state, so a snapshot costs
 * the same at 10 thousand keys as at 10 million.
 *
 * <pre>
 *  key "kafka-changelog-position", written for each owned state partition at every phase 1:
 *    formatVersion        2 (1: without ranges, still restored)
 *    topic                the changelog topic (a restore refuses another one)
 *    statePartition       = changelog partition
 *    snapshotId           the snapshot that wrote it
 *    generation           0 at a fresh start, +1 at every restore: picks the parity of the transactional ids
 *    writerIndex          processor index of the writer
 *    writerParallelism    number of processors then
 *    writerPoolSize       transactional ids per processor then
 *    baseOffset           first offset of this job's records (log end offset at its fresh start): older
 *                         records belong to an earlier job with the same name and are never restored
 *    lastOffset           offset of the last record this snapshot covers, &lt; baseOffset when none
 *    anchor               whether this is the writer's lowest partition: its restorer commits the writer's
 *                         prepared transactions and fences the writer's ids
 *    prepared             the writer's transactions prepared and not committed yet (only in the anchor),
 *                         producer id and epoch read at phase 1
 *    ranges               every one of those that wrote to this partition, oldest first, with the offsets
 *                         (afterOffset, lastOffset] its records took here: a restore needs them all committed
 * </pre>
 * A restore applies the committed records of {@code [baseOffset, lastOffset]}; it fails loudly when one of
 * the {@code ranges} holds no committed record (its transaction was aborted, e.g. by the broker after
 * {@code transaction.timeout.ms}, while a later one was committed), when the record at {@code lastOffset}
 * is not committed, or when committed records follow it (the snapshot is older than the changelog).
 */
record ChangelogSnapshotEntry(int formatVersion, String topic, int statePartition, long snapshotId, int generation,
                              int writerIndex, int writerParallelism, int writerPoolSize, long baseOffset,
                              long lastOffset, boolean anchor, List<PreparedTransaction> prepared,
                              List<TransactionRange> ranges)
        implements Serializable {

    static final String KEY = "kafka-changelog-position";
    static final int FORMAT_VERSION = 2;
    /** Entries without {@code ranges}: restored, checking only {@code lastOffset}. */
    static final int FORMAT_VERSION_WITHOUT_RANGES = 1;

    private static final long serialVersionUID = 1L;

    ChangelogSnapshotEntry {
        prepared = List.copyOf(prepared);
        // null when deserialised from a format 1 entry, which has no such field
        ranges = ranges == null ? List.of() : List.copyOf(ranges);
    }

    /** Whether a restore can read this entry. */
    boolean isKnownFormat() {
        return formatVersion == FORMAT_VERSION || formatVersion == FORMAT_VERSION_WITHOUT_RANGES;
    }

    /**
     * This entry taken over by the current execution before it changed anything, once its recovery committed
     * the previous execution's prepared transactions and fenced that execution's ids: the same positions and
     * ranges, nothing left to commit. A snapshot then holds entries of one execution only, as a restore needs.
     */
    ChangelogSnapshotEntry recoveredBy(long newSnapshotId, int newGeneration, int newWriterIndex,
                                       int newWriterParallelism, int newWriterPoolSize, boolean newAnchor) {
        return new ChangelogSnapshotEntry(FORMAT_VERSION, topic, statePartition, newSnapshotId, newGeneration,
                newWriterIndex, newWriterParallelism, newWriterPoolSize, baseOffset, lastOffset, newAnchor, List.of(),
                ranges);
    }

    /** Whether the snapshot covers records of this partition. */
    boolean hasRecords() {
        return lastOffset >= baseOffset;
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
    record TransactionRange(PreparedTransaction transaction, long afterOffset, long lastOffset)
            implements Serializable {

        private static final long serialVersionUID = 1L;

        @Override
        public String toString() {
            return transaction + " offsets " + (afterOffset + 1) + ".." + lastOffset;
        }
    }
}
