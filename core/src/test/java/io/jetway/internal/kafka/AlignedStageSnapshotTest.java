package io.jetway.internal.kafka;

import com.hazelcast.internal.metrics.MetricDescriptor;
import com.hazelcast.internal.metrics.MetricsCollectionContext;
import com.hazelcast.jet.core.BroadcastKey;
import com.hazelcast.jet.core.EventTimePolicy;
import com.hazelcast.jet.core.Processor;
import com.hazelcast.jet.core.test.TestOutbox;
import com.hazelcast.jet.core.test.TestProcessorContext;
import io.jetway.KafkaSourceConfig;
import io.jetway.codec.RecordDecoders;
import io.jetway.testing.KafkaBroker;
import io.jetway.testing.KafkaTestData;
import io.jetway.testing.SharedKafka;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A source with a stage (aligned state) asked for a snapshot while an item whose state change is already
 * applied waits for the outbox: Jet blocks the outbox when a snapshot is due ({@code OutboxImpl.block()}
 * refuses new items without keeping them as unfinished) and then calls {@code saveToSnapshot}. The
 * snapshot's offset must cover every record the stage applied, else a restore applies that record again
 * (issue "Exactly once under every fault", failure 1).
 */
class AlignedStageSnapshotTest {

    private final KafkaBroker kafka = SharedKafka.get();

    @Test
    void shouldSnapshotAnOffsetThatCoversEveryRecordTheStageApplied() throws Exception {
        String topic = KafkaTestData.uniqueTopic("aligned-pending");
        kafka.createTopic(topic, 1);
        KafkaTestData.produce(kafka, topic, 0, List.of("a", "b", "c", "d"));
        KafkaSourceConfig config = KafkaSourceConfig.builder(kafka.bootstrapServers()).topics(topic).build();
        CountingStage stage = new CountingStage();
        TopicLayout layout = new TopicLayout(Map.of(topic, 1));
        KafkaZeroCopySourceP<String> source = new KafkaZeroCopySourceP<>(config, RecordDecoders.utf8String().get(),
                EventTimePolicy.noEventTime(), () -> layout, Map.of(),
                KafkaConsumerFactory.KAFKA, stage);
        TestOutbox outbox = new TestOutbox(new int[] {1}, 16);
        source.init(outbox, new TestProcessorContext().setTotalParallelism(1).setGlobalProcessorIndex(0));
        List<Object> emitted = new ArrayList<>();
        try {
            // the one-slot outbox takes the first item
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                source.complete();
                return !outbox.queue(0).isEmpty();
            });
            outbox.drainQueueAndReset(0, emitted, false);

            // a snapshot is due: Jet blocks the outbox; it still takes the item it refused for being full, then
            // refuses the next one without keeping it, whose state change the stage has applied
            outbox.block();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                source.complete();
                outbox.drainQueueAndReset(0, emitted, false);
                return !outbox.hasUnfinishedItem() && stage.applied > emitted.size();
            });

            // Jet unblocks the outbox and asks for the snapshot
            outbox.unblock();
            List<Entry<Object, Object>> snapshot = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                boolean done = source.saveToSnapshot();
                outbox.drainQueueAndReset(0, emitted, false);
                outbox.drainSnapshotQueueAndReset(snapshot, false);
                return done;
            });

            long snapshottedOffset = snapshot.stream()
                    .filter(e -> e.getKey() instanceof BroadcastKey<?> k && k.key() instanceof TopicPartition)
                    .mapToLong(e -> ((long[]) e.getValue())[0]).findFirst().orElseThrow();
            assertThat(snapshottedOffset).as("the snapshot's next offset covers every record the state holds")
                                         .isEqualTo(stage.appliedAtSnapshot);
            assertThat(emitted).as("every item whose state is in the snapshot is emitted before the barrier")
                               .containsExactlyElementsOf(List.of("a", "b", "c", "d").subList(0, stage.appliedAtSnapshot));
        } finally {
            source.close();
        }
    }

    /** A stage that counts the items it applied and records the count at phase 1. */
    private static final class CountingStage implements RecordStage {
        int applied;
        int appliedAtSnapshot = -1;

        @Override
        public boolean isBlocking() {
            return false;
        }

        @Override
        public void init(Processor.Context context, String topic, int partitionCount, int[] ownedPartitions) {
        }

        @Override
        public boolean ready() {
            return true;
        }

        @Override
        public Object apply(Object item, int partition) {
            applied++;
            return item;
        }

        @Override
        public boolean saveToSnapshot(List<Entry<Object, Object>> entries) {
            appliedAtSnapshot = applied;
            entries.add(new SimpleImmutableEntry<>(BroadcastKey.broadcastKey("counting-stage"), applied));
            return true;
        }

        @Override
        public boolean snapshotCommitFinish(boolean success) {
            return true;
        }

        @Override
        public boolean restoreEntry(Object key, Object value) {
            return false;
        }

        @Override
        public void finishRestore() {
        }

        @Override
        public void provideDynamicMetrics(MetricDescriptor descriptor, MetricsCollectionContext context) {
        }

        @Override
        public void close() {
        }
    }
}
