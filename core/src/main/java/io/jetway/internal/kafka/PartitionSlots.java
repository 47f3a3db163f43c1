package io.jetway.internal.kafka;

import com.hazelcast.jet.core.BroadcastKey;
import com.hazelcast.jet.core.EventTimeMapper;
import org.agrona.collections.Object2IntHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;

import static com.hazelcast.jet.core.BroadcastKey.broadcastKey;

/**
 * The Kafka partitions one source processor reads, by {@code int} slot (slot i is also partition i of the
 * processor's {@link EventTimeMapper}), with the next offset to read of each: which partitions of a layout
 * are its own ({@link PartitionOwnership}), the consumer's assignment and seeks, and the offsets in Jet's
 * snapshot.
 * <p>
 * {@code nextOffset[slot]} advances only once a record's item is in the outbox (or the record was filtered),
 * so a snapshot holds exactly what was emitted. Each partition's snapshot entry is
 * {@code broadcastKey(TopicPartition) -> long[] {next offset, watermark}}: every processor sees every entry
 * and keeps those of the partitions it owns now, so a job restored with another parallelism still reads each
 * partition exactly once. Processor thread only.
 */
final class PartitionSlots {

    /** Offset sentinel: no offset known, start at the partition's beginning. */
    static final long BEGINNING = -2;
    /** What {@link #slotOf} returns for a partition this processor does not read. */
    static final int MISSING_SLOT = -1;

    private final int processorIndex;
    private final int totalParallelism;
    private final Object2IntHashMap<TopicPartition> slotOf = new Object2IntHashMap<>(MISSING_SLOT);
    private TopicPartition[] partitions = new TopicPartition[0];
    private long[] nextOffset = new long[0];
    private int count;
    private boolean seekPending;
    private Map<TopicPartition, long[]> restored;

    /** The slots of processor {@code processorIndex} of {@code totalParallelism}. */
    PartitionSlots(int processorIndex, int totalParallelism) {
        this.processorIndex = processorIndex;
        this.totalParallelism = totalParallelism;
    }

    /** How many partitions this processor reads. */
    int count() {
        return count;
    }

    /** The partition at {@code slot}. */
    TopicPartition partition(int slot) {
        return partitions[slot];
    }

    /** The slot of {@code tp}, or {@link #MISSING_SLOT}. One hash lookup: call it per partition, not per record. */
    int slotOf(TopicPartition tp) {
        return slotOf.getValue(tp);
    }

    /** Records that the partition at {@code slot} is read up to {@code nextOffset} (exclusive). */
    void advance(int slot, long offset) {
        nextOffset[slot] = offset;
    }

    /** The partitions read now, by slot. */
    List<TopicPartition> assigned() {
        return Arrays.asList(Arrays.copyOf(partitions, count));
    }

    /**
     * Adds the partitions of {@code layout} this processor owns and does not read yet, starting at the offset
     * {@code startOffsets} gives ({@link #BEGINNING} when it has none), and assigns them all to the consumer.
     *
     * @return how many partitions were added
     */
    int addOwned(TopicLayout layout, Map<TopicPartition, Long> startOffsets, Consumer<?, ?> consumer) {
        int before = count;
        for (Map.Entry<String, Integer> topic : layout.partitionCounts().entrySet()) {
            for (int p = 0; p < topic.getValue(); p++) {
                if (PartitionOwnership.owner(topic.getKey(), p, totalParallelism) != processorIndex) {
                    continue;
                }
                TopicPartition tp = new TopicPartition(topic.getKey(), p);
                if (!slotOf.containsKey(tp)) {
                    add(tp, startOffsets.getOrDefault(tp, BEGINNING));
                }
            }
        }
        if (count > before) {
            consumer.assign(assigned());
            seekPending = true;
        }
        return count - before;
    }

    private void add(TopicPartition tp, long offset) {
        if (count == partitions.length) {
            int capacity = Math.max(4, count * 2);
            partitions = Arrays.copyOf(partitions, capacity);
            nextOffset = Arrays.copyOf(nextOffset, capacity);
        }
        partitions[count] = tp;
        nextOffset[count] = offset;
        slotOf.put(tp, count);
        count++;
    }

    /** Positions the consumer at every slot's next offset if new partitions or a restore asked for it. */
    void seekIfPending(Consumer<?, ?> consumer) {
        if (seekPending) {
            seek(consumer);
        }
    }

    /** Positions the consumer at every slot's next offset (lazy in the consumer: no I/O here). */
    void seek(Consumer<?, ?> consumer) {
        List<TopicPartition> toBeginning = new ArrayList<>();
        for (int slot = 0; slot < count; slot++) {
            if (nextOffset[slot] >= 0) {
                consumer.seek(partitions[slot], nextOffset[slot]);
            } else {
                toBeginning.add(partitions[slot]);
            }
        }
        if (!toBeginning.isEmpty()) {
            consumer.seekToBeginning(toBeginning);
        }
        seekPending = false;
    }

    /**
     * Every slot's snapshot entry now, with its watermark in {@code watermarks}; puts the known offsets into
     * {@code committable} (for the consumer group).
     */
    List<Entry<Object, Object>> snapshotEntries(EventTimeMapper<?> watermarks,
                                                Map<TopicPartition, OffsetAndMetadata> committable) {
        List<Entry<Object, Object>> entries = new ArrayList<>(count);
        for (int slot = 0; slot < count; slot++) {
            long offset = nextOffset[slot];
            entries.add(new SimpleImmutableEntry<>(broadcastKey(partitions[slot]),
                    new long[] {offset, watermarks.getWatermark(slot)}));
            if (offset >= 0) {
                committable.put(partitions[slot], new OffsetAndMetadata(offset));
            }
        }
        return entries;
    }

    /** Whether {@code key} is a snapshot key of {@link #snapshotEntries}. */
    static boolean isOffsetKey(Object key) {
        return key instanceof BroadcastKey<?> b && b.key() instanceof TopicPartition;
    }

    /** Takes a restored entry of {@link #snapshotEntries}; keeps it when this processor owns its partition now. */
    void restoreEntry(Object key, Object value) {
        TopicPartition tp = (TopicPartition) ((BroadcastKey<?>) key).key();
        if (PartitionOwnership.owner(tp.topic(), tp.partition(), totalParallelism) != processorIndex) {
            return;
        }
        if (restored == null) {
            restored = new HashMap<>();
        }
        restored.put(tp, (long[]) value);
    }

    /**
     * All entries were given: every slot continues at its restored offset and watermark, or from the beginning
     * when the snapshot has none (the partition was created after it was taken).
     *
     * @return the restored partitions that the topic no longer has (empty when none)
     */
    List<TopicPartition> finishRestore(EventTimeMapper<?> watermarks) {
        Map<TopicPartition, long[]> offsets = restored == null ? Map.of() : restored;
        for (int slot = 0; slot < count; slot++) {
            long[] state = offsets.get(partitions[slot]);
            if (state != null) {
                nextOffset[slot] = state[0];
                watermarks.restoreWatermark(slot, state[1]);
            } else {
                nextOffset[slot] = BEGINNING;
            }
        }
        List<TopicPartition> gone = new ArrayList<>();
        for (TopicPartition tp : offsets.keySet()) {
            if (!slotOf.containsKey(tp)) {
                gone.add(tp);
            }
        }
        restored = null;
        seekPending = true;
        return gone;
    }

    /** How many partitions the last {@link #restoreEntry} calls gave offsets for; call before {@link #finishRestore}. */
    int restoredCount() {
        return restored == null ? 0 : restored.size();
    }
}
