package io.jetway.state.changelog;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
 * Both fail the restore. A position that does not move for the stall timeout fails it too.
 */
final class ChangelogRestorer {

    private static final Duration POLL = Duration.ofMillis(100);

    private final String topic;
    private final boolean readCommitted;
    private final long stallTimeoutMs;
    private final int transactionTimeoutMs;
    private final RestoreProgress progress;
    private final BooleanSupplier cancelled;

    ChangelogRestorer(String topic, boolean readCommitted, long stallTimeoutMs, int transactionTimeoutMs,
                      RestoreProgress progress, BooleanSupplier cancelled) {
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
            consumer.assign(active.keySet());
            active.forEach((tp, partition) -> {
                consumer.seek(tp, partition.baseOffset);
                partition.position = partition.baseOffset;
            });
            long lastProgressNs = System.nanoTime();
            while (!active.isEmpty()) {
                if (cancelled.getAsBoolean()) {
                    throw new CancellationException("Restore of changelog '" + topic + "' cancelled");
                }
                ConsumerRecords<ByteBuffer, ByteBuffer> records = consumer.poll(POLL);
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
                } else if ((System.nanoTime() - lastProgressNs) / 1_000_000 > stallTimeoutMs) {
                    throw stalled(active);
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
            count++;
        }
        progress.applied(count, bytes);
    }

    private void verify(PartitionRestore partition) {
        if (readCommitted && partition.lastOffset >= partition.baseOffset && partition.maxApplied < partition.lastOffset) {
            throw new IllegalStateException("Changelog partition " + topic + "-" + partition.partition + " has no "
                    + "committed record at offset " + partition.lastOffset + ", which the snapshot being restored "
                    + "covers (last committed record applied: " + partition.maxApplied + "): the transaction that "
                    + "wrote it was aborted, most likely by the broker because it stayed open longer than "
                    + "transaction.timeout.ms=" + transactionTimeoutMs + " between snapshot phase 1 and its commit. "
                    + "The state cannot be restored exactly; raise option 'transaction.timeout.ms' above the longest "
                    + "recovery (and the broker's transaction.max.timeout.ms) and restart the job from scratch");
        }
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

    /** One partition to restore and where it stands; used by one restoring thread. */
    static final class PartitionRestore {
        final int partition;
        final long baseOffset;
        final long lastOffset;
        final OffHeapBytesMap target;
        long position;
        long maxApplied = -1;
        long endOffset = -1;

        PartitionRestore(int partition, long baseOffset, long lastOffset, OffHeapBytesMap target) {
            this.partition = partition;
            this.baseOffset = baseOffset;
            this.lastOffset = lastOffset;
            this.target = target;
        }
    }
}
