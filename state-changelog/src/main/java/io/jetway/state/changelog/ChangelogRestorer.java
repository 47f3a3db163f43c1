package io.jetway.state.changelog;

import io.jetway.kafka.common.txn.PreparedTransaction;
import io.jetway.state.changelog.ChangelogSnapshotEntry.LocalSize;
import io.jetway.state.changelog.ChangelogSnapshotEntry.TransactionRange;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Reads a set of changelog partitions with one consumer, all at once, into their local stores: the
 * records of {@code [baseOffset, lastOffset]} of each, in offset order (puts, and removals for
 * {@code null} values).
 * <p>
 * Transaction markers and aborted records leave gaps, so progress is judged by the consumer's position,
 * never by {@code lastRecordOffset + 1}. With {@code read_committed} a partition is done once its
 * position passed {@code lastOffset} and reached the last stable offset seen then, and two things are
 * checked:
 * <ul>
 *     <li>a committed record after {@code lastOffset}: the snapshot is older than the changelog, whose
 *     compaction may already have dropped values it needs;</li>
 *     <li>no committed record at (or, compacted, after) {@code lastOffset}: the transaction that wrote it
 *     was aborted, normally by the broker after {@code transaction.timeout.ms}.</li>
 * </ul>
 * Both fail the restore. A position that does not move for the stall timeout fails it too; and every
 * {@code hangingCheckMs} of a stall the restorer asks {@link HangingCheck} whether a hanging transaction
 * (one no coordinator will ever end) holds a partition, and fails at once, naming it, when one does.
 * <p>
 * A snapshot may rely on several prepared transactions (those of snapshots that failed before it, then its
 * own); the newest may be committed while an older one was aborted, whose records read_committed then
 * skips without a trace. So each partition also records, per {@link TransactionRange}, whether a
 * committed record fell in that transaction's offsets; {@link #notCommitted} turns the ranges without one
 * into a single error for the whole restore. (A range can also lose every record to compaction, when later
 * committed records of the same snapshot replaced all its keys and the cleaner ran since: that too is
 * reported, as the two cannot be told apart.)
 */
final class ChangelogRestorer {

    private static final Duration POLL = Duration.ofMillis(100);

    private final String topic;
    private final boolean readCommitted;
    private final long stallTimeoutMs;
    private final int transactionTimeoutMs;
    private final RestoreProgress progress;
    private final BooleanSupplier cancelled;
    private final long hangingCheckMs;
    private final HangingCheck hangingCheck;

    /** Tells what hanging transactions hold partitions open, or {@code null} when none does. */
    @FunctionalInterface
    interface HangingCheck {
        String hangingTransactions(Collection<TopicPartition> partitions);
    }

    ChangelogRestorer(String topic, boolean readCommitted, long stallTimeoutMs, int transactionTimeoutMs,
                      RestoreProgress progress, BooleanSupplier cancelled) {
        this(topic, readCommitted, stallTimeoutMs, transactionTimeoutMs, progress, cancelled, Long.MAX_VALUE,
                partitions -> null);
    }

    ChangelogRestorer(String topic, boolean readCommitted, long stallTimeoutMs, int transactionTimeoutMs,
                      RestoreProgress progress, BooleanSupplier cancelled, long hangingCheckMs,
                      HangingCheck hangingCheck) {
        this.hangingCheckMs = hangingCheckMs;
        this.hangingCheck = hangingCheck;
        this.topic = topic;
        this.readCommitted = readCommitted;
        this.stallTimeoutMs = stallTimeoutMs;
        this.transactionTimeoutMs = transactionTimeoutMs;
        this.progress = progress;
        this.cancelled = cancelled;
    }

    /** Restores {@code partitions} with {@code consumer}, which it closes. */
    void restore(Consumer<ByteBuffer, ByteBuffer> consumer, List<PartitionRestore> partitions) {
        try (consumer) {
            Map<TopicPartition, PartitionRestore> active = new HashMap<>();
            for (PartitionRestore partition : partitions) {
                active.put(new TopicPartition(topic, partition.partition), partition);
            }
            // sized here, on the restoring threads, which so share the work of touching the new memory
            for (PartitionRestore partition : partitions) {
                partition.reserveTarget();
            }
            consumer.assign(active.keySet());
            active.forEach((tp, partition) -> {
                consumer.seek(tp, partition.baseOffset);
                partition.position = partition.baseOffset;
            });
            long lastProgressNs = System.nanoTime();
            long nextHangingCheckMs = hangingCheckMs;
            while (!active.isEmpty()) {
                if (cancelled.getAsBoolean()) {
                    throw new CancellationException("Restore of changelog '" + topic + "' cancelled");
                }
                long pollNs = System.nanoTime();
                ConsumerRecords<ByteBuffer, ByteBuffer> records = consumer.poll(POLL);
                if (records.isEmpty()) {
                    progress.polledNothing(System.nanoTime() - pollNs);
                }
                for (TopicPartition tp : records.partitions()) {
                    apply(active.get(tp), records.records(tp));
                }
                boolean moved = false;
                List<TopicPartition> reachedLast = new ArrayList<>();
                for (Map.Entry<TopicPartition, PartitionRestore> e : active.entrySet()) {
                    PartitionRestore partition = e.getValue();
                    long position = consumer.position(e.getKey());
                    if (position > partition.position) {
                        progress.advanced(Math.min(position, partition.lastOffset + 1)
                                - Math.min(partition.position, partition.lastOffset + 1));
                        partition.position = position;
                        moved = true;
                    }
                    if (partition.endOffset < 0 && position > partition.lastOffset) {
                        reachedLast.add(e.getKey());
                    }
                }
                if (!reachedLast.isEmpty()) {
                    // read_committed: the last stable offset; read_uncommitted: nothing more to read
                    Map<TopicPartition, Long> ends = readCommitted ? consumer.endOffsets(reachedLast) : Map.of();
                    for (TopicPartition tp : reachedLast) {
                        active.get(tp).endOffset = readCommitted ? ends.get(tp) : 0;
                    }
                }
                List<TopicPartition> done = new ArrayList<>();
                active.forEach((tp, partition) -> {
                    if (partition.endOffset >= 0 && partition.position >= partition.endOffset) {
                        verify(partition);
                        done.add(tp);
                    }
                });
                if (!done.isEmpty()) {
                    done.forEach(active::remove);
                    for (int i = 0; i < done.size(); i++) {
                        progress.partitionDone();
                    }
                    consumer.pause(done);
                }
                if (moved || !done.isEmpty()) {
                    lastProgressNs = System.nanoTime();
                    nextHangingCheckMs = hangingCheckMs;
                } else {
                    long stalledMs = (System.nanoTime() - lastProgressNs) / 1_000_000;
                    if (stalledMs > stallTimeoutMs) {
                        throw stalled(active);
                    }
                    if (readCommitted && stalledMs > nextHangingCheckMs) {
                        nextHangingCheckMs = stalledMs + hangingCheckMs;
                        String hanging = hangingCheck.hangingTransactions(active.keySet());
                        if (hanging != null) {
                            throw hanging(active, stalledMs, hanging);
                        }
                    }
                }
            }
        }
    }

    private void apply(PartitionRestore partition, List<ConsumerRecord<ByteBuffer, ByteBuffer>> records) {
        long count = 0;
        long bytes = 0;
        for (int i = 0, n = records.size(); i < n; i++) {
            ConsumerRecord<ByteBuffer, ByteBuffer> record = records.get(i);
            long offset = record.offset();
            if (offset > partition.lastOffset) {
                if (readCommitted) {
                    throw new IllegalStateException("Changelog partition " + topic + "-" + partition.partition
                            + " has a committed record at offset " + offset + " after offset " + partition.lastOffset
                            + ", the last one of the snapshot being restored: the snapshot is older than the "
                            + "changelog (e.g. an exported snapshot restored after later ones were committed), "
                            + "whose compaction may have removed values it needs. The kafka-changelog backend can "
                            + "only restore the job's latest snapshot");
                }
                break;
            }
            ByteBuffer key = record.key();
            if (key == null) {
                throw new IllegalStateException("Changelog record without key at " + topic + "-"
                        + partition.partition + " offset " + offset + ": the topic holds records not written by the "
                        + "kafka-changelog backend");
            }
            ByteBuffer value = record.value();
            if (value == null) {
                partition.target.remove(arrayOf(key), offsetOf(key), key.remaining());
            } else {
                partition.target.put(arrayOf(key), offsetOf(key), key.remaining(),
                        arrayOf(value), offsetOf(value), value.remaining());
                bytes += value.remaining();
            }
            bytes += key.remaining();
            partition.maxApplied = offset;
            partition.markCommitted(offset);
            count++;
        }
        progress.applied(count, bytes);
    }

    private void verify(PartitionRestore partition) {
        if (!readCommitted) {
            return;
        }
        if (partition.lastOffset >= partition.baseOffset && partition.maxApplied < partition.lastOffset) {
            throw new IllegalStateException("Changelog partition " + topic + "-" + partition.partition + " has no "
                    + "committed record at offset " + partition.lastOffset + ", which the snapshot being restored "
                    + "covers (last committed record applied: " + partition.maxApplied + "): the transaction that "
                    + "wrote it was aborted, most likely by the broker because it stayed open longer than "
                    + "transaction.timeout.ms=" + transactionTimeoutMs + " between snapshot phase 1 and its commit. "
                    + "The state cannot be restored exactly; raise option 'transaction.timeout.ms' above the longest "
                    + "recovery (and the broker's transaction.max.timeout.ms) and restart the job from scratch");
        }
        for (int i = 0; i < partition.ranges.length; i++) {
            if (!partition.committed[i]) {
                partition.notCommitted.add(partition.ranges[i]);
            }
        }
    }

    /**
     * After every partition of a restore is done: an error naming each prepared transaction the snapshot
     * relies on that left no committed record in a partition it wrote (with those partitions), or
     * {@code null} when there is none.
     */
    static IllegalStateException notCommitted(String topic, List<PartitionRestore> partitions,
                                              int transactionTimeoutMs) {
        Map<PreparedTransaction, StringBuilder> byTransaction = new LinkedHashMap<>();
        for (PartitionRestore partition : partitions) {
            for (TransactionRange range : partition.notCommitted) {
                StringBuilder where = byTransaction.computeIfAbsent(range.transaction(), t -> new StringBuilder());
                where.append(where.length() == 0 ? "" : ", ").append(topic).append('-').append(partition.partition)
                     .append(" offsets ").append(range.afterOffset() + 1).append("..").append(range.lastOffset());
            }
        }
        if (byTransaction.isEmpty()) {
            return null;
        }
        StringBuilder message = new StringBuilder("The snapshot being restored relies on changelog transactions "
                + "that were not committed:");
        byTransaction.forEach((transaction, where) -> message.append(" transaction ").append(transaction)
                .append(" has no committed record in ").append(where).append(';'));
        message.append(" they were aborted (most likely by the broker, after transaction.timeout.ms=")
               .append(transactionTimeoutMs).append(", while snapshots kept failing; or fenced), although a later "
                + "transaction of the same snapshot was committed. Their changes are missing from the changelog, so "
                + "the state cannot be restored exactly from this snapshot and restoring it would lose them "
                + "silently. Start the job again without this snapshot, re-processing its input, and raise option "
                + "'transaction.timeout.ms' above the longest recovery plus the time snapshots may fail in a row "
                + "(at most the broker's transaction.max.timeout.ms)");
        return new IllegalStateException(message.toString());
    }

    private IllegalStateException hanging(Map<TopicPartition, PartitionRestore> active, long stalledMs,
                                          String hanging) {
        StringBuilder where = new StringBuilder();
        active.forEach((tp, partition) -> where.append(' ').append(tp).append(" at ").append(partition.position));
        return new IllegalStateException("Restore of changelog '" + topic + "' made no progress for " + stalledMs
                + " ms (at" + where + ") and cannot: " + hanging);
    }

    private IllegalStateException stalled(Map<TopicPartition, PartitionRestore> active) {
        StringBuilder where = new StringBuilder();
        active.forEach((tp, partition) -> where.append(' ').append(tp).append(" at ").append(partition.position)
                .append(" (restoring up to ").append(partition.lastOffset).append(')'));
        return new IllegalStateException("Restore of changelog '" + topic + "' made no progress for " + stallTimeoutMs
                + " ms:" + where + ". An open transaction of another producer may block read_committed reads until "
                + "the broker aborts it (transaction.timeout.ms); raise option 'restore.stall.timeout.ms' if that "
                + "is expected");
    }

    private static byte[] arrayOf(ByteBuffer buffer) {
        return buffer.hasArray() ? buffer.array() : copy(buffer);
    }

    private static int offsetOf(ByteBuffer buffer) {
        return buffer.hasArray() ? buffer.arrayOffset() + buffer.position() : 0;
    }

    private static byte[] copy(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    /**
     * One partition to restore and where it stands; used by one restoring thread, then read by the thread
     * that waited for it.
     */
    static final class PartitionRestore {
        final int partition;
        final long baseOffset;
        final long lastOffset;
        final OffHeapBytesMap target;
        final LocalSize size;
        // the prepared transactions the snapshot relies on here, in offset order, and whether each has a
        // committed record
        final TransactionRange[] ranges;
        final boolean[] committed;
        final List<TransactionRange> notCommitted = new ArrayList<>(0);
        long position;
        long maxApplied = -1;
        long endOffset = -1;
        private int range;

        /** @param size the size of the state being restored, as phase 1 recorded it; the target is sized for it */
        PartitionRestore(int partition, long baseOffset, long lastOffset, List<TransactionRange> ranges,
                         OffHeapBytesMap target, LocalSize size) {
            this.partition = partition;
            this.size = size;
            this.baseOffset = baseOffset;
            this.lastOffset = lastOffset;
            this.ranges = ranges.toArray(TransactionRange[]::new);
            this.committed = new boolean[this.ranges.length];
            this.target = target;
            for (int i = 1; i < this.ranges.length; i++) {
                if (this.ranges[i].afterOffset() < this.ranges[i - 1].lastOffset()) {
                    throw new IllegalArgumentException("Overlapping transaction ranges of partition " + partition
                            + ": " + ranges);
                }
            }
        }

        // A valid snapshot has at most one key per record it covers: a larger count is not trusted.
        void reserveTarget() {
            long records = Math.max(0, lastOffset + 1 - baseOffset);
            target.reserve(Math.min(size.keys(), records), size.liveBytes());
        }

        // Records come in offset order: one pointer walks the ranges.
        void markCommitted(long offset) {
            int i = range;
            while (i < ranges.length && offset > ranges[i].lastOffset()) {
                i++;
            }
            if (i < ranges.length && offset > ranges[i].afterOffset()) {
                committed[i] = true;
            }
            range = i;
        }
    }
}
