package io.jetway.state.changelog;

import io.jetway.internal.kafka.txn.KafkaFailures;
import io.jetway.internal.kafka.txn.PreparedTransaction;
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
 * {@code lastOffset}. It also keeps, per transaction prepared and not committed yet, the offsets it took
 * in each partition ({@link #ranges}): a restore checks that each of them holds committed records.
 * <p>
 * Threads: {@link #append} and the snapshot calls run on the processor thread. The callback runs on the
 * producers' I/O threads and only touches the atomics; {@code flush()} returns after the callbacks of
 * all records sent before it ran, so phase 1 reads complete offsets.
 */
final class ChangelogWriter implements ChangeRecorder {

    private final String topic;
    private final String where;
    private final long transactionTimeoutMs;
    private final ChangelogProducers producers;
    // offset of the last acknowledged record per state partition, -1 when none
    private final AtomicLongArray lastOffsets;
    // keeps the FIRST failure: later ones are usually its consequences
    private final AtomicReference<Exception> firstError = new AtomicReference<>();
    private final AtomicLong appended = new AtomicLong();
    // per state partition, the last offset when the previous transaction was prepared (or restored)
    private long[] preparedUpTo;
    // the last offsets of each pending transaction, per partition, oldest first; phase threads only
    private final Map<PreparedTransaction, long[]> pendingLastOffsets = new LinkedHashMap<>();
    private final Map<PreparedTransaction, long[]> pendingAfterOffsets = new LinkedHashMap<>();
    private final Callback onAck = (metadata, error) -> {
        if (error != null) {
            firstError.compareAndSet(null, error);
        } else {
            raiseLastOffset(metadata.partition(), metadata.offset());
        }
    };

    /**
     * @param where                who writes, for messages
     * @param transactionTimeoutMs the producers' {@code transaction.timeout.ms}
     * @param lastOffsets          per state partition, the last offset a restored snapshot covers (-1 when none)
     */
    ChangelogWriter(String topic, String where, long transactionTimeoutMs, ChangelogProducers producers,
                    long[] lastOffsets) {
        this.topic = topic;
        this.where = where;
        this.transactionTimeoutMs = transactionTimeoutMs;
        this.producers = producers;
        this.lastOffsets = new AtomicLongArray(lastOffsets);
        this.preparedUpTo = lastOffsets.clone();
    }

    @Override
    public void record(int partition, byte[] key, byte[] value) {
        append(partition, key, value);
    }

    /** Sends a change; {@code value == null} removes the key. */
    void append(int partition, byte[] key, byte[] value) {
        checkError();
        producers.producer().send(new ProducerRecord<>(topic, partition, key, value), onAck);
        appended.lazySet(appended.get() + 1); // single writer; the metrics thread reads it
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

    private void raiseLastOffset(int partition, long offset) {
        long current = lastOffsets.get(partition);
        while (offset > current && !lastOffsets.compareAndSet(partition, current, offset)) {
            current = lastOffsets.get(partition);
        }
    }
}
