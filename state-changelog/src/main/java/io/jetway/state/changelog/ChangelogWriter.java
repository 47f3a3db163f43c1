package io.jetway.state.changelog;

import io.jetway.kafka.common.txn.KafkaFailures;
import io.jetway.kafka.common.txn.PreparedTransaction;
import io.jetway.state.changelog.ChangelogSnapshotEntry.TransactionRange;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Appends every change of the local stores to the changelog topic (key bytes, value bytes, a
 * {@code null} value for a removal; changelog partition = state partition) and tracks, per partition,
 * the offset of the last acknowledged record: after the flush of phase 1 that is the snapshot's
 * {@code lastOffset}; and the offset of this job's first record there ({@link #baseOffset}). It also keeps,
 * per transaction prepared and not committed yet, the offsets it took in each partition ({@link #ranges}): a
 * restore checks that each of them holds committed records.
 * <p>
 * <h2>Never blocking the processor thread</h2>
 * {@code producer.send} blocks (up to {@code max.block.ms}) once the producer's {@code buffer.memory} is
 * full of unacknowledged records. The writer therefore counts the bytes it sent and Kafka has not
 * acknowledged yet, and keeps them below {@link #maxBytesInFlight}, a bound computed from
 * {@code buffer.memory} and {@code batch.size} that the producer's buffer always has room for: the
 * processor thread asks {@link #hasRoom} first and keeps a change for later when there is none
 * ({@link WriteBehindBuffer}); snapshot phase 1, which may block, sends whatever is left with
 * {@link #append} regardless.
 * <p>
 * Threads: {@link #append} and the snapshot calls run on the processor thread (phases maybe on a phase
 * thread of its own, one call at a time). The callback runs on the producers' I/O threads and only touches
 * the atomics; {@code flush()} returns after the callbacks of all records sent before it ran, so phase 1
 * reads complete offsets.
 */
final class ChangelogWriter {

    /** Bytes counted per record besides key and value: an upper bound of Kafka's record framing. */
    private static final int RECORD_OVERHEAD_BYTES = 64;

    private final String topic;
    private final String where;
    private final long transactionTimeoutMs;
    private final ChangelogProducers producers;
    // offset of the last acknowledged record per state partition, -1 when none
    private final AtomicLongArray lastOffsets;
    // offset of this job's first acknowledged record per state partition, -1 while it has written none there
    private final AtomicLongArray baseOffsets;
    // keeps the FIRST failure: later ones are usually its consequences
    private final AtomicReference<Exception> firstError = new AtomicReference<>();
    private final AtomicLong appended = new AtomicLong();
    // bytes (sizeOf) sent and not acknowledged (or failed) yet
    private final AtomicLong bytesInFlight = new AtomicLong();
    private final long maxBytesInFlight;
    // per state partition, the last offset when the previous transaction was prepared (or restored)
    private long[] preparedUpTo;
    // the last offsets of each pending transaction, per partition, oldest first; phase threads only
    private final Map<PreparedTransaction, long[]> pendingLastOffsets = new LinkedHashMap<>();
    private final Map<PreparedTransaction, long[]> pendingAfterOffsets = new LinkedHashMap<>();
    private final Callback onAck = (metadata, error) -> {
        if (metadata != null) {
            bytesInFlight.addAndGet(-sizeOf(metadata.serializedKeySize(), metadata.serializedValueSize()));
        }
        if (error != null) {
            firstError.compareAndSet(null, error);
        } else {
            raiseLastOffset(metadata.partition(), metadata.offset());
            lowerBaseOffset(metadata.partition(), metadata.offset());
        }
    };

    /**
     * @param where                who writes, for messages
     * @param transactionTimeoutMs the producers' {@code transaction.timeout.ms}
     * @param lastOffsets          per state partition, the last offset a restored snapshot covers (-1 when none)
     * @param baseOffsets          per state partition, the offset of this job's first record as a restored
     *                             snapshot recorded it, -1 when none (a fresh start: all -1)
     * @param maxBytesInFlight     see {@link #maxBytesInFlight(long, int, int)}
     */
    ChangelogWriter(String topic, String where, long transactionTimeoutMs, ChangelogProducers producers,
                    long[] lastOffsets, long[] baseOffsets, long maxBytesInFlight) {
        this.topic = topic;
        this.where = where;
        this.transactionTimeoutMs = transactionTimeoutMs;
        this.producers = producers;
        this.lastOffsets = new AtomicLongArray(lastOffsets);
        this.baseOffsets = new AtomicLongArray(baseOffsets);
        this.preparedUpTo = lastOffsets.clone();
        this.maxBytesInFlight = maxBytesInFlight;
    }

    /**
     * The most bytes ({@link #sizeOf}) the processor thread may have sent and not seen acknowledged, so that
     * the producer's buffer never fills: each partition may hold a batch of {@code batchSize} being filled,
     * and a full batch may waste up to half of itself (records just over half a batch), so
     * {@code (bufferMemory - (partitions + 1) * batchSize) / 2}.
     *
     * @throws IllegalArgumentException when that leaves less than one batch
     */
    static long maxBytesInFlight(long bufferMemory, int batchSize, int partitions) {
        long max = (bufferMemory - (partitions + 1L) * batchSize) / 2;
        if (max < batchSize) {
            throw new IllegalArgumentException("Kafka producer property buffer.memory=" + bufferMemory + " is too "
                    + "small for " + partitions + " changelog partitions with batch.size=" + batchSize + ": the "
                    + "kafka-changelog backend needs at least (partitions + 3) * batch.size = "
                    + (partitions + 3L) * batchSize + " bytes to write without blocking its processor; raise option "
                    + "'kafka.buffer.memory' or lower 'kafka.batch.size'");
        }
        return max;
    }

    /** The bytes a record is counted for while in flight; {@code null} value: a removal. */
    static long sizeOf(byte[] key, byte[] value) {
        return sizeOf(key.length, value == null ? -1 : value.length);
    }

    /** The bytes a record of these sizes is counted for; sizes as Kafka reports them: -1 for null. */
    static long sizeOf(int keySize, int valueSize) {
        return Math.max(0, keySize) + Math.max(0, valueSize) + RECORD_OVERHEAD_BYTES;
    }

    /**
     * Whether a record of {@code bytes} ({@link #sizeOf}) can be sent now without risk of blocking: always
     * when nothing is in flight (a record larger than the bound still goes, alone).
     */
    boolean hasRoom(long bytes) {
        long inFlight = bytesInFlight.get();
        return inFlight <= 0 || inFlight + bytes <= maxBytesInFlight;
    }

    /**
     * Sends a change; {@code value == null} removes the key. Blocks when the producer's buffer is full:
     * the processor thread calls it only after {@link #hasRoom}.
     */
    void append(int partition, byte[] key, byte[] value) {
        checkError();
        producers.producer().send(new ProducerRecord<>(topic, partition, key, value), onAck);
        // counted after the send: one that throws is never acknowledged
        bytesInFlight.addAndGet(sizeOf(key, value));
        appended.lazySet(appended.get() + 1); // single writer; the metrics thread reads it
    }

    /** Bytes sent and not acknowledged yet. */
    long bytesInFlight() {
        return bytesInFlight.get();
    }

    long maxBytesInFlight() {
        return maxBytesInFlight;
    }

    /**
     * Phase 1: flushes, fails if any record failed or if a transaction the snapshot would rely on is older
     * than half of {@code transaction.timeout.ms} (a {@code RestartableException}: the job restarts from its
     * previous snapshot rather than risk the broker aborting it before phase 2), and returns the
     * transactions the snapshot must record.
     */
    List<PreparedTransaction> prepare(long snapshotId) {
        try {
            producers.flush();
        } catch (RuntimeException e) {
            throw KafkaFailures.forProcessor("Flushing changelog topic '" + topic + "' for snapshot " + snapshotId
                    + " failed", e);
        }
        checkError();
        producers.checkTransactionAge(transactionTimeoutMs, where, "raise option 'transaction.timeout.ms' of the "
                + "kafka-changelog state backend (at most the broker's transaction.max.timeout.ms)");
        List<PreparedTransaction> prepared;
        try {
            prepared = producers.prepare(snapshotId);
        } catch (RuntimeException e) {
            throw KafkaFailures.forProcessor("Preparing the changelog transaction of snapshot " + snapshotId
                    + " failed", e);
        }
        for (PreparedTransaction transaction : prepared) {
            if (!pendingLastOffsets.containsKey(transaction)) {
                // the one just prepared: since the previous one, only it wrote to this writer's partitions
                long[] last = new long[preparedUpTo.length];
                for (int partition = 0; partition < last.length; partition++) {
                    last[partition] = lastOffsets.get(partition);
                }
                pendingAfterOffsets.put(transaction, preparedUpTo);
                pendingLastOffsets.put(transaction, last);
                preparedUpTo = last;
            }
        }
        pendingLastOffsets.keySet().retainAll(prepared);
        pendingAfterOffsets.keySet().retainAll(prepared);
        return prepared;
    }

    /**
     * After {@link #prepare}: the transactions prepared and not committed yet that wrote to
     * {@code partition}, oldest first, with the offsets they took there.
     */
    List<TransactionRange> ranges(int partition) {
        List<TransactionRange> ranges = new ArrayList<>(1);
        pendingLastOffsets.forEach((transaction, last) -> {
            long after = pendingAfterOffsets.get(transaction)[partition];
            if (last[partition] > after) {
                ranges.add(new TransactionRange(transaction, after, last[partition]));
            }
        });
        return ranges;
    }

    /** Phase 2 of a successful snapshot: commits what it prepared (and what failed snapshots left). */
    void commit(long snapshotId) {
        try {
            producers.commit(snapshotId);
        } catch (RuntimeException e) {
            throw KafkaFailures.forProcessor("Committing the changelog transactions of snapshot " + snapshotId
                    + " failed", e);
        }
    }

    /** The offset of the last acknowledged record of {@code partition}, -1 when none. */
    long lastOffset(int partition) {
        return lastOffsets.get(partition);
    }

    /**
     * The offset of this job's first acknowledged record in {@code partition}, -1 while it has written none
     * there: a restore reads from it, so records an earlier job with the same name left before it are never
     * applied. Learnt from the acknowledgements (a producer's records to a partition are acknowledged in offset
     * order), so a fresh start asks the brokers for no offsets.
     */
    long baseOffset(int partition) {
        return baseOffsets.get(partition);
    }

    /** Records sent since the backend opened. */
    long appended() {
        return appended.get();
    }

    int pendingTransactions() {
        return producers.pendingTransactions();
    }

    /**
     * Throws the first asynchronous send failure, if any: a {@code RestartableException} when a job
     * restart may cure it.
     */
    void checkError() {
        Exception error = firstError.get();
        if (error != null) {
            throw KafkaFailures.forProcessor("Writing to changelog topic '" + topic + "' failed", error);
        }
    }

    private void lowerBaseOffset(int partition, long offset) {
        long current = baseOffsets.get(partition);
        while (offset >= 0 && (current < 0 || offset < current)
                && !baseOffsets.compareAndSet(partition, current, offset)) {
            current = baseOffsets.get(partition);
        }
    }

    private void raiseLastOffset(int partition, long offset) {
        long current = lastOffsets.get(partition);
        while (offset > current && !lastOffsets.compareAndSet(partition, current, offset)) {
            current = lastOffsets.get(partition);
        }
    }
}
