package io.jetway.internal.kafka;

import com.hazelcast.jet.core.EventTimeMapper;
import com.hazelcast.jet.core.EventTimePolicy;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The source's partition slots with a {@link MockConsumer}: which partitions a processor takes, where the
 * consumer is positioned, and the offsets of a snapshot restored under another parallelism.
 */
class PartitionSlotsTest {

    private static final String TOPIC = "orders";
    private static final TopicLayout FOUR = new TopicLayout(Map.of(TOPIC, 4));

    @Test
    void shouldTakeOnlyOwnedPartitionsAndStartWhereAsked() {
        MockConsumer<ByteBuffer, ByteBuffer> consumer = consumer(4);
        PartitionSlots slots = new PartitionSlots(1, 2);
        TopicPartition first = owned(1, 2).get(0);

        assertThat(slots.addOwned(FOUR, Map.of(first, 7L), consumer)).isEqualTo(2);
        slots.seekIfPending(consumer);

        assertThat(slots.assigned()).containsExactlyElementsOf(owned(1, 2));
        assertThat(consumer.assignment()).containsExactlyInAnyOrderElementsOf(owned(1, 2));
        assertThat(slots.slotOf(first)).isEqualTo(0);
        assertThat(slots.slotOf(owned(0, 2).get(0))).isEqualTo(PartitionSlots.MISSING_SLOT);
        assertThat(consumer.position(first)).isEqualTo(7);
        assertThat(consumer.position(owned(1, 2).get(1))).as("no start offset: the beginning").isZero();
        assertThat(slots.addOwned(FOUR, Map.of(), consumer)).as("nothing new").isZero();
    }

    @Test
    void shouldRestoreEachPartitionOnceUnderAnotherParallelism() {
        List<Entry<Object, Object>> snapshot = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> committable = new HashMap<>();
        for (int i = 0; i < 2; i++) {
            PartitionSlots saver = new PartitionSlots(i, 2);
            saver.addOwned(FOUR, Map.of(), consumer(4));
            saver.advance(0, 10 + i);
            snapshot.addAll(saver.snapshotEntries(mapper(), committable));
        }
        assertThat(snapshot).hasSize(4);
        assertThat(committable).hasSize(2).containsValues(new OffsetAndMetadata(10), new OffsetAndMetadata(11));

        MockConsumer<ByteBuffer, ByteBuffer> consumer = consumer(4);
        PartitionSlots restored = new PartitionSlots(0, 1);
        restored.addOwned(FOUR, Map.of(), consumer);
        for (Entry<Object, Object> e : snapshot) {
            assertThat(PartitionSlots.isOffsetKey(e.getKey())).isTrue();
            restored.restoreEntry(e.getKey(), e.getValue());
        }
        assertThat(restored.restoredCount()).isEqualTo(4);
        assertThat(restored.finishRestore(mapper())).as("partitions gone").isEmpty();
        restored.seekIfPending(consumer);

        TopicPartition advancedBy0 = owned(0, 2).get(0);
        TopicPartition advancedBy1 = owned(1, 2).get(0);
        assertThat(consumer.position(advancedBy0)).isEqualTo(10);
        assertThat(consumer.position(advancedBy1)).isEqualTo(11);
        assertThat(consumer.position(owned(0, 2).get(1))).as("saved at the beginning").isZero();
    }

    @Test
    void shouldReportRestoredPartitionsTheTopicNoLongerHas() {
        PartitionSlots saver = new PartitionSlots(0, 1);
        saver.addOwned(FOUR, Map.of(), consumer(4));
        List<Entry<Object, Object>> snapshot = saver.snapshotEntries(mapper(), new HashMap<>());

        PartitionSlots restored = new PartitionSlots(0, 1);
        restored.addOwned(new TopicLayout(Map.of(TOPIC, 3)), Map.of(), consumer(3));
        snapshot.forEach(e -> restored.restoreEntry(e.getKey(), e.getValue()));

        assertThat(restored.finishRestore(mapper())).containsExactly(new TopicPartition(TOPIC, 3));
    }

    // The partitions of TOPIC (of 4) that processor `index` of `parallelism` owns, ascending.
    private static List<TopicPartition> owned(int index, int parallelism) {
        List<TopicPartition> owned = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            if (PartitionOwnership.owner(TOPIC, p, parallelism) == index) {
                owned.add(new TopicPartition(TOPIC, p));
            }
        }
        return owned;
    }

    private static MockConsumer<ByteBuffer, ByteBuffer> consumer(int partitions) {
        MockConsumer<ByteBuffer, ByteBuffer> consumer = new MockConsumer<>("earliest");
        Map<TopicPartition, Long> beginnings = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            beginnings.put(new TopicPartition(TOPIC, p), 0L);
        }
        consumer.updateBeginningOffsets(beginnings);
        return consumer;
    }

    private static EventTimeMapper<Object> mapper() {
        EventTimeMapper<Object> mapper = new EventTimeMapper<>(EventTimePolicy.noEventTime());
        mapper.addPartitions(4);
        return mapper;
    }
}
