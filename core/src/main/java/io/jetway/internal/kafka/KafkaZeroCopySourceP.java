package io.jetway.internal.kafka;

import com.hazelcast.internal.metrics.DynamicMetricsProvider;
import com.hazelcast.internal.metrics.MetricDescriptor;
import com.hazelcast.internal.metrics.MetricsCollectionContext;
import com.hazelcast.jet.Traverser;
import com.hazelcast.jet.Traversers;
import com.hazelcast.jet.core.AbstractProcessor;
import com.hazelcast.jet.core.BroadcastKey;
import com.hazelcast.jet.core.EventTimeMapper;
import com.hazelcast.jet.core.EventTimePolicy;
import com.hazelcast.logging.ILogger;
import io.jetway.KafkaSourceConfig;
import io.jetway.RecordDecodeException;
import io.jetway.StartPosition;
import io.jetway.internal.snapshot.RestoreAudit;
import io.jetway.internal.snapshot.SnapshotEmitter;
import io.jetway.internal.snapshot.UnknownSnapshotKeyException;
import io.jetway.spi.codec.RecordDecoder;
import org.agrona.collections.Object2IntHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.OptionalLong;

import static com.hazelcast.jet.core.BroadcastKey.broadcastKey;

/**
 * A cooperative Jet source that reads Kafka partitions and hands each record's key and value to a
 * {@link RecordDecoder} as {@link ByteBuffer} views of the consumer's fetch buffer.
 *
 * <h2>Data path</h2>
 * {@code complete()} polls with a zero timeout, walks the returned batch partition by partition
 * (one slot lookup per partition, never per record), decodes each record and emits the item through
 * Jet's {@link EventTimeMapper}. Per record it allocates only what the decoder returns (plus Kafka's
 * own {@code ConsumerRecord} and the Pipeline API's event wrapper, when used).
 *
 * <h2>Backpressure</h2>
 * When the outbox refuses an item, the item and the batch position are kept and {@code complete()}
 * resumes there; no new poll happens until the batch is emitted. The classic consumer fetches only
 * inside {@code poll()}, so while the outbox is full nothing beyond the batch in hand and the fetches
 * already buffered is held in memory, and nothing is dropped. Dead letters are sent off this thread by a
 * {@link DeadLetterWriter}; while too many are unacknowledged, {@code complete()} takes no new records.
 *
 * <h2>Offsets and snapshots</h2>
 * {@code nextOffset[slot]} advances only once a record's item is in the outbox (or the decoder filtered
 * it), so a snapshot holds exactly what was emitted. Each partition's offset and watermark are saved
 * under a {@link BroadcastKey}; on restore every processor keeps the entries of the partitions
 * {@link PartitionOwnership} now gives it, so a job restored with another parallelism still reads every
 * partition exactly once. Optionally, offsets of a completed snapshot are committed to the consumer
 * group for lag tools; they are never read back.
 */
public final class KafkaZeroCopySourceP<T> extends AbstractProcessor implements DynamicMetricsProvider {

    /** Offset sentinel: no offset known, start at the partition's beginning. */
    static final long BEGINNING = -2;

    private static final long LAG_UPDATE_INTERVAL_NS = 1_000_000_000L;
    private static final int MISSING_SLOT = -1;

    private final KafkaSourceConfig config;
    private final RecordDecoder<T> decoder;
    private final EventTimePolicy<?> eventTimePolicy;
    private final TopicLayoutProvider discovery;
    private final RecordStage stage;
    private final KafkaConsumerFactory consumerFactory;
    private final Map<TopicPartition, Long> initialOffsets;
    private final DeadLetterTopic deadLetterTopic;
    private final ConsumerRecordContext recordContext = new ConsumerRecordContext();
    private final SourceMetrics metrics = new SourceMetrics();

    private final RestoreAudit restoreAudit = new RestoreAudit();
    private SnapshotEmitter snapshotEmitter;
    private SnapshotEmitter.SnapshotOutbox snapshotOutbox;
    private Context context;
    private DeadLetterWriter deadLetters;
    // set when a dead letter used the writer's last room: the batch stops until acknowledgements free some
    private boolean deadLettersFull;
    private ILogger logger;
    private String where;
    private int totalParallelism;
    private int processorIndex;
    private Consumer<ByteBuffer, ByteBuffer> consumer;
    private EventTimeMapper<Object> eventTimeMapper;

    // partitions this processor owns, by slot
    private final Object2IntHashMap<TopicPartition> slotOf = new Object2IntHashMap<>(MISSING_SLOT);
    private TopicPartition[] slotPartition = new TopicPartition[0];
    private long[] nextOffset = new long[0];
    private int slotCount;
    private TopicLayout appliedLayout;
    private boolean seekPending;
    private boolean restoring;
    private Map<TopicPartition, long[]> restoredState;

    // the batch being emitted
    private ConsumerRecords<ByteBuffer, ByteBuffer> batch;
    private Iterator<TopicPartition> batchPartitions;
    private List<ConsumerRecord<ByteBuffer, ByteBuffer>> partitionRecords = Collections.emptyList();
    private int recordIndex;
    private int batchSlot;

    // the traverser the outbox refused last, and the offset to store once it is drained
    private Traverser<Object> pendingTraverser;
    private int pendingSlot = MISSING_SLOT;
    private long pendingNextOffset;

    private Traverser<Entry<Object, Object>> snapshotTraverser;
    private List<Entry<Object, Object>> snapshotEntries;
    private Map<TopicPartition, OffsetAndMetadata> snapshottedOffsets;
    private long nextLagUpdateNs;

    /** A plain source processor, without a stage. */
    public KafkaZeroCopySourceP(KafkaSourceConfig config, RecordDecoder<T> decoder,
                                EventTimePolicy<?> eventTimePolicy, TopicLayoutProvider discovery,
                                Map<TopicPartition, Long> initialOffsets, KafkaConsumerFactory consumerFactory) {
        this(config, decoder, eventTimePolicy, discovery, initialOffsets, consumerFactory, null);
    }

    /**
     * A processor; {@link KafkaSourceProcessorSupplier} creates them in jobs.
     *
     * @param discovery       the topic layout, shared by the processors of a member
     * @param initialOffsets  start offsets of the partitions existing at job start, for {@link StartPosition#LATEST}
     * @param consumerFactory {@link KafkaConsumerFactory#KAFKA} except in hot-path benchmarks
     * @param stage           work on each decoded item before it is emitted (aligned state), or {@code null}
     */
    public KafkaZeroCopySourceP(KafkaSourceConfig config, RecordDecoder<T> decoder,
                                EventTimePolicy<?> eventTimePolicy, TopicLayoutProvider discovery,
                                Map<TopicPartition, Long> initialOffsets, KafkaConsumerFactory consumerFactory,
                                RecordStage stage) {
        this(config, decoder, eventTimePolicy, discovery, initialOffsets, consumerFactory, stage,
                config.deadLetterTopic() == null ? null : DeadLetterTopic.unchecked(config.deadLetterTopic()));
    }

    /** As above, with the dead-letter topic as checked at job start ({@code null} when there is none). */
    KafkaZeroCopySourceP(KafkaSourceConfig config, RecordDecoder<T> decoder,
                         EventTimePolicy<?> eventTimePolicy, TopicLayoutProvider discovery,
                         Map<TopicPartition, Long> initialOffsets, KafkaConsumerFactory consumerFactory,
                         RecordStage stage, DeadLetterTopic deadLetterTopic) {
        this.config = config;
        this.deadLetterTopic = deadLetterTopic;
        this.stage = stage;
        this.consumerFactory = consumerFactory;
        this.decoder = decoder;
        this.eventTimePolicy = eventTimePolicy;
        this.discovery = discovery;
        this.initialOffsets = initialOffsets;
    }

    @Override
    protected void init(Context context) throws Exception {
        logger = context.logger();
        where = "job '" + context.jobConfig().getName() + "' vertex '" + context.vertexName() + "'";
        totalParallelism = context.totalParallelism();
        processorIndex = context.globalProcessorIndex();
        this.context = context;
        // offsets and aligned state are all broadcast entries
        snapshotEmitter = SnapshotEmitter.of(context, null);
        snapshotOutbox = this::tryEmitToSnapshot;
        @SuppressWarnings("unchecked")
        EventTimePolicy<Object> policy = (EventTimePolicy<Object>) eventTimePolicy;
        eventTimeMapper = new EventTimeMapper<>(policy);
        consumer = consumerFactory.create(config.toConsumerProperties(context.jobId() + "-" + processorIndex));
        if (deadLetterTopic != null) {
            deadLetters = new DeadLetterWriter(deadLetterTopic, config.consumerProperties(),
                    "jetway-dlq-" + context.jobId() + "-" + processorIndex, where);
        }
        applyLayout(discovery.current(), true);
        if (stage != null) {
            initStage(context);
        }
    }

    @Override
    public boolean isCooperative() {
        return stage == null || !stage.isBlocking();
    }

    private void initStage(Context context) throws Exception {
        if (config.topics().size() != 1) {
            throw new IllegalArgumentException("aligned keyed state reads exactly one topic, not " + config.describeTopics());
        }
        String topic = config.topics().get(0);
        Integer partitions = appliedLayout.partitionCounts().get(topic);
        int[] owned = new int[slotCount];
        for (int slot = 0; slot < slotCount; slot++) {
            owned[slot] = slotPartition[slot].partition();
        }
        stage.init(context, topic, partitions, owned);
    }

    @Override
    public boolean complete() {
        if (pendingTraverser != null && !drainPending()) {
            return false;
        }
        if (stage != null && !stage.ready()) {
            return false;
        }
        if (seekPending) {
            seekNewPartitions();
        }
        TopicLayout layout = discovery.current();
        if (layout != appliedLayout) {
            applyLayout(layout, false);
            seekNewPartitions();
        }
        if (deadLetters != null) {
            deadLetters.checkError();
            if (!deadLetters.hasRoom()) {
                return false;   // backpressure: too many dead letters not yet acknowledged; nothing is dropped
            }
        }
        if (batch == null && !pollBatch()) {
            return false;
        }
        emitBatch();
        return false;
    }

    private boolean pollBatch() {
        if (slotCount == 0) {
            return emitIdle();
        }
        ConsumerRecords<ByteBuffer, ByteBuffer> polled = consumer.poll(Duration.ZERO);
        updateLagGaugesIfDue();
        if (polled.isEmpty()) {
            return emitIdle();
        }
        batch = polled;
        batchPartitions = polled.partitions().iterator();
        partitionRecords = Collections.emptyList();
        recordIndex = 0;
        return true;
    }

    private boolean emitIdle() {
        Traverser<Object> idle = eventTimeMapper.flatMapIdle();
        if (!emitFromTraverser(idle)) {
            pendingTraverser = idle;
            pendingSlot = MISSING_SLOT;
        }
        return false;
    }

    /** Emits the batch in hand until it ends or the outbox refuses an item. */
    private void emitBatch() {
        final long now = System.nanoTime();
        long records = 0;
        long bytes = 0;
        try {
            while (true) {
                if (recordIndex == partitionRecords.size()) {
                    if (!batchPartitions.hasNext()) {
                        batch = null;
                        batchPartitions = null;
                        partitionRecords = Collections.emptyList();
                        return;
                    }
                    TopicPartition tp = batchPartitions.next();
                    batchSlot = slotOf.getValue(tp);
                    partitionRecords = batchSlot == MISSING_SLOT ? Collections.emptyList() : batch.records(tp);
                    recordIndex = 0;
                    continue;
                }
                final ConsumerRecord<ByteBuffer, ByteBuffer> record = partitionRecords.get(recordIndex++);
                records++;
                bytes += Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize());
                final Object item = stage == null ? decode(record) : applyStage(record);
                final long next = record.offset() + 1;
                if (item == null) {
                    nextOffset[batchSlot] = next;
                    if (deadLettersFull) {
                        deadLettersFull = false;
                        return;         // the batch resumes here once the dead-letter writer has room
                    }
                    continue;
                }
                final Traverser<Object> traverser = eventTimeMapper.flatMapEvent(now, item, batchSlot, record.timestamp());
                if (!emitFromTraverser(traverser)) {
                    pendingTraverser = traverser;
                    pendingSlot = batchSlot;
                    pendingNextOffset = next;
                    return;
                }
                nextOffset[batchSlot] = next;
            }
        } finally {
            metrics.addRead(records, bytes);
        }
    }

    /** The decoded item after the stage, or {@code null}; a stage failure names the record. */
    private Object applyStage(ConsumerRecord<ByteBuffer, ByteBuffer> record) {
        T item = decode(record);
        if (item == null) {
            return null;
        }
        try {
            return stage.apply(item, record.partition());
        } catch (Exception e) {
            throw new com.hazelcast.jet.JetException("Keyed state failed on the record at " + record.topic() + "-"
                    + record.partition() + " offset " + record.offset() + " in " + where + ": " + e, e);
        }
    }

    /** The decoded item; {@code null} when the decoder filtered the record or it went to the dead-letter topic. */
    private T decode(ConsumerRecord<ByteBuffer, ByteBuffer> record) {
        final ByteBuffer key = record.key();
        final ByteBuffer value = record.value();
        // The decoder may move the views; remember them (plain ints, no allocation) for a dead letter.
        final int keyPosition = key == null ? 0 : key.position();
        final int keyLimit = key == null ? 0 : key.limit();
        final int valuePosition = value == null ? 0 : value.position();
        final int valueLimit = value == null ? 0 : value.limit();
        try {
            return decoder.decode(key, value, recordContext.point(record));
        } catch (Exception e) {
            metrics.addDecodeError();
            if (deadLetters != null) {
                if (key != null) {
                    key.limit(keyLimit).position(keyPosition);
                }
                if (value != null) {
                    value.limit(valueLimit).position(valuePosition);
                }
                deadLetters.write(record, e);
                deadLettersFull = !deadLetters.hasRoom();
                metrics.addDeadLetter();
                return null;
            }
            throw new RecordDecodeException("Cannot decode the record at " + record.topic() + "-" + record.partition()
                    + " offset " + record.offset() + " (key " + Math.max(0, record.serializedKeySize()) + " bytes, value "
                    + Math.max(0, record.serializedValueSize()) + " bytes) with " + decoder.getClass().getName()
                    + " in " + where + ": " + e + ". The job fails rather than skip the record; fix the data or "
                    + "the decoder and restart the job from its last snapshot",
                    record.topic(), record.partition(), record.offset(), e);
        }
    }

    private boolean drainPending() {
        if (!emitFromTraverser(pendingTraverser)) {
            return false;
        }
        pendingTraverser = null;
        if (pendingSlot != MISSING_SLOT) {
            nextOffset[pendingSlot] = pendingNextOffset;
            pendingSlot = MISSING_SLOT;
        }
        return true;
    }

    /** Adds the partitions of {@code layout} that this processor owns and does not read yet. */
    private void applyLayout(TopicLayout layout, boolean atStart) {
        int before = slotCount;
        for (Map.Entry<String, Integer> topic : layout.partitionCounts().entrySet()) {
            for (int p = 0; p < topic.getValue(); p++) {
                if (PartitionOwnership.owner(topic.getKey(), p, totalParallelism) != processorIndex) {
                    continue;
                }
                TopicPartition tp = new TopicPartition(topic.getKey(), p);
                if (slotOf.containsKey(tp)) {
                    continue;
                }
                long start = atStart && config.startPosition() == StartPosition.LATEST
                        ? initialOffsets.getOrDefault(tp, BEGINNING) : BEGINNING;
                addSlot(tp, start);
            }
        }
        if (stage != null && !atStart && slotCount > before) {
            throw new com.hazelcast.jet.JetException(where + ": topic " + config.describeTopics() + " now has "
                    + layout.partitionCounts() + " partitions; aligned keyed state keeps one state partition per Kafka "
                    + "partition and cannot take new ones while the job runs: restart the job, or use keyed-edge mode");
        }
        appliedLayout = layout;
        if (slotCount > before) {
            consumer.assign(Arrays.asList(Arrays.copyOf(slotPartition, slotCount)));
            eventTimeMapper.addPartitions(slotCount - before);
            metrics.partitions(slotPartition, slotCount);
            seekPending = true;
            if (!atStart) {
                logger.info(where + " now reads " + (slotCount - before) + " new partition(s), " + slotCount
                        + " in all: " + Arrays.toString(Arrays.copyOf(slotPartition, slotCount)));
            }
        }
    }

    private void addSlot(TopicPartition tp, long offset) {
        if (slotCount == slotPartition.length) {
            int capacity = Math.max(4, slotCount * 2);
            slotPartition = Arrays.copyOf(slotPartition, capacity);
            nextOffset = Arrays.copyOf(nextOffset, capacity);
        }
        slotPartition[slotCount] = tp;
        nextOffset[slotCount] = offset;
        slotOf.put(tp, slotCount);
        slotCount++;
    }

    /** Positions the consumer at {@code nextOffset} of every slot (lazy in the consumer: no I/O here). */
    private void seekNewPartitions() {
        List<TopicPartition> toBeginning = new ArrayList<>();
        for (int slot = 0; slot < slotCount; slot++) {
            if (nextOffset[slot] >= 0) {
                consumer.seek(slotPartition[slot], nextOffset[slot]);
            } else {
                toBeginning.add(slotPartition[slot]);
            }
        }
        if (!toBeginning.isEmpty()) {
            consumer.seekToBeginning(toBeginning);
        }
        seekPending = false;
    }

    @Override
    public boolean saveToSnapshot() {
        if (snapshotTraverser == null) {
            if (snapshotEntries == null) {
                // Jet blocks the outbox when a snapshot is due and may refuse an item here without keeping it as
                // unfinished; with a stage, that item's state change is already applied, so it must go out before
                // the barrier and its offset into this snapshot, else a restore applies the record a second time.
                if (pendingTraverser != null && !drainPending()) {
                    return false;
                }
                if (deadLetters != null && !deadLetters.allAcknowledged()) {
                    return false;   // the snapshot must not cover a dead letter that is not yet written
                }
                snapshotEntries = offsetEntries();
            }
            // no record is read until the stage's phase 1 is over: the offsets cover exactly its state
            if (stage != null && !stage.saveToSnapshot(snapshotEntries)) {
                return false;
            }
            snapshotTraverser = Traversers.traverseIterable(snapshotEntries);
            snapshotEntries = null;
        }
        if (!snapshotEmitter.emit(snapshotTraverser, snapshotOutbox)) {
            return false;
        }
        snapshotTraverser = null;
        return true;
    }

    // Every slot's next offset and watermark now; remembers the offsets to commit to the group after phase 2.
    private List<Entry<Object, Object>> offsetEntries() {
        List<Entry<Object, Object>> entries = new ArrayList<>(slotCount);
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (int slot = 0; slot < slotCount; slot++) {
            long offset = nextOffset[slot];
            entries.add(new SimpleImmutableEntry<>(broadcastKey(slotPartition[slot]),
                    new long[] {offset, eventTimeMapper.getWatermark(slot)}));
            if (offset >= 0) {
                offsets.put(slotPartition[slot], new OffsetAndMetadata(offset));
            }
        }
        snapshottedOffsets = offsets;
        return entries;
    }

    @Override
    public boolean snapshotCommitFinish(boolean success) {
        if (stage != null && !stage.snapshotCommitFinish(success)) {
            return false;
        }
        if (success && config.commitOffsetsToGroup() && snapshottedOffsets != null && !snapshottedOffsets.isEmpty()) {
            consumer.commitAsync(snapshottedOffsets, (offsets, error) -> {
                if (error != null) {
                    logger.warning(where + ": committing offsets to group '" + config.consumerProperties().get("group.id")
                            + "' for lag tools failed (recovery does not use them): " + error);
                }
            });
        }
        snapshottedOffsets = null;
        return true;
    }

    @Override
    protected void restoreFromSnapshot(Object key, Object value) {
        if (restoreAudit.take(key, value)) {
            restoring = true;
            return;
        }
        if (stage != null && stage.restoreEntry(key, value)) {
            return;
        }
        if (!(key instanceof BroadcastKey<?> b && b.key() instanceof TopicPartition tp)) {
            throw new UnknownSnapshotKeyException(where, key);
        }
        if (PartitionOwnership.owner(tp.topic(), tp.partition(), totalParallelism) != processorIndex) {
            return;
        }
        if (restoredState == null) {
            restoredState = new HashMap<>();
        }
        restoredState.put(tp, (long[]) value);
        restoring = true;
    }

    @Override
    public boolean finishSnapshotRestore() {
        restoreAudit.verify(context);
        // Partitions missing from the snapshot were created after it was taken: they start at the beginning.
        Map<TopicPartition, long[]> restored = restoredState == null ? Map.of() : restoredState;
        for (int slot = 0; slot < slotCount; slot++) {
            long[] state = restored.get(slotPartition[slot]);
            if (state != null) {
                nextOffset[slot] = state[0];
                eventTimeMapper.restoreWatermark(slot, state[1]);
            } else {
                nextOffset[slot] = BEGINNING;
            }
        }
        for (TopicPartition tp : restored.keySet()) {
            if (!slotOf.containsKey(tp)) {
                logger.warning(where + ": the snapshot has an offset for " + tp + " but the topic no longer has that "
                        + "partition; it is ignored");
            }
        }
        if (restoring) {
            logger.info(where + " restored offsets of " + restored.size() + " partition(s)");
        }
        restoredState = null;
        seekPending = true;
        if (stage != null) {
            stage.finishRestore();
        }
        return true;
    }

    private void updateLagGaugesIfDue() {
        long now = System.nanoTime();
        if (now - nextLagUpdateNs < 0) {
            return;
        }
        nextLagUpdateNs = now + LAG_UPDATE_INTERVAL_NS;
        for (int slot = 0; slot < slotCount; slot++) {
            OptionalLong lag = consumer.currentLag(slotPartition[slot]);
            metrics.lag(slot, lag.isPresent() ? lag.getAsLong() : -1);
        }
    }

    @Override
    public void provideDynamicMetrics(MetricDescriptor descriptor, MetricsCollectionContext context) {
        metrics.provideDynamicMetrics(descriptor, context);
        if (stage != null) {
            stage.provideDynamicMetrics(descriptor, context);
        }
    }

    @Override
    public void close() {
        if (stage != null) {
            try {
                stage.close();
            } catch (Exception e) {
                // Jet only logs close() failures too; go on and close the clients
                logger.warning(where + ": closing the keyed state failed: " + e, e);
            }
        }
        if (deadLetters != null) {
            deadLetters.close();
        }
        if (consumer != null) {
            closeConsumer(consumer);
        }
    }

    // CloseOptions is kafka-clients 4.1+; close(Duration), deprecated since 4.1, works on every 4.x we support.
    @SuppressWarnings("deprecation")
    private static void closeConsumer(Consumer<?, ?> consumer) {
        consumer.close(Duration.ofSeconds(5));
    }

    /** Partitions this processor reads now, for tests and diagnostics. */
    List<TopicPartition> assignedPartitions() {
        return Arrays.asList(Arrays.copyOf(slotPartition, slotCount));
    }
}
