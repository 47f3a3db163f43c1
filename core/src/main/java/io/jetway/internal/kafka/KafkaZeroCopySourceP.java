package io.jetway.internal.kafka;

import com.hazelcast.internal.metrics.DynamicMetricsProvider;
import com.hazelcast.internal.metrics.MetricDescriptor;
import com.hazelcast.internal.metrics.MetricsCollectionContext;
import com.hazelcast.jet.JetException;
import com.hazelcast.jet.Traverser;
import com.hazelcast.jet.Traversers;
import com.hazelcast.jet.core.AbstractProcessor;
import com.hazelcast.jet.core.EventTimeMapper;
import com.hazelcast.jet.core.EventTimePolicy;
import com.hazelcast.jet.core.function.ObjLongBiFunction;
import com.hazelcast.logging.ILogger;
import io.jetway.KafkaSourceConfig;
import io.jetway.StartPosition;
import io.jetway.internal.snapshot.RestoreAudit;
import io.jetway.internal.snapshot.SnapshotEmitter;
import io.jetway.internal.snapshot.UnknownSnapshotKeyException;
import io.jetway.spi.codec.RecordDecoder;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;

import static io.jetway.internal.kafka.PartitionSlots.MISSING_SLOT;

/**
 * A cooperative Jet source that reads Kafka partitions and hands each record's key and value to a
 * {@link RecordDecoder} as {@link ByteBuffer} views of the consumer's fetch buffer, then the item to its
 * {@link RecordStage} (aligned state), if any, and to the outbox. It owns the classes that do the rest:
 * {@link PartitionSlots} (partitions, offsets, seeks, offset snapshots), {@link RecordDecoding} (decoder
 * failures and dead letters), {@link SourceMetrics} and {@link GroupOffsetCommits}.
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
 * <h2>Snapshots</h2>
 * A slot's offset advances only once its record's item is in the outbox, so a snapshot holds exactly what
 * was emitted. Before saving, the item the outbox last refused goes out (its state change is applied) and
 * every dead letter is acknowledged; the offsets are taken, then the stage's phase 1 runs while no record is
 * read, so the offsets never go beyond the state the stage snapshots.
 */
public final class KafkaZeroCopySourceP<T> extends AbstractProcessor implements DynamicMetricsProvider {

    private final KafkaSourceConfig config;
    private final RecordDecoder<T> decoder;
    private final EventTimePolicy<?> eventTimePolicy;
    private final TopicLayoutProvider discovery;
    private final RecordStage stage;
    private final KafkaConsumerFactory consumerFactory;
    private final Map<TopicPartition, Long> initialOffsets;
    private final DeadLetterTopic deadLetterTopic;
    private final SourceMetrics metrics = new SourceMetrics();

    private final RestoreAudit restoreAudit = new RestoreAudit();
    private SnapshotEmitter snapshotEmitter;
    private SnapshotEmitter.SnapshotOutbox snapshotOutbox;
    private Context context;
    private ILogger logger;
    private String where;
    private Consumer<ByteBuffer, ByteBuffer> consumer;
    private EventTimeMapper<Object> eventTimeMapper;
    private PartitionSlots slots;
    private RecordDecoding<T> decoding;
    private GroupOffsetCommits groupCommits;
    private TopicLayout appliedLayout;
    private boolean restoring;

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

    // outputs the stage held back and released, emitted before anything else
    private final ArrayDeque<Object> releasedOutputs = new ArrayDeque<>();

    private Traverser<Entry<Object, Object>> snapshotTraverser;
    private List<Entry<Object, Object>> snapshotEntries;

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
        this.context = context;
        logger = context.logger();
        where = "job '" + context.jobConfig().getName() + "' vertex '" + context.vertexName() + "'";
        int processorIndex = context.globalProcessorIndex();
        // offsets and aligned state are all broadcast entries
        snapshotEmitter = SnapshotEmitter.of(context, null);
        snapshotOutbox = this::tryEmitToSnapshot;
        @SuppressWarnings("unchecked")
        EventTimePolicy<Object> policy = (EventTimePolicy<Object>) eventTimePolicy;
        eventTimeMapper = new EventTimeMapper<>(policy);
        consumer = consumerFactory.create(ConsumerProperties.of(config, context.jobId() + "-" + processorIndex));
        decoding = new RecordDecoding<>(decoder, deadLetterTopic == null ? null : new DeadLetterWriter(deadLetterTopic,
                config.consumerProperties(), "jetway-dlq-" + context.jobId() + "-" + processorIndex, where),
                metrics, where);
        groupCommits = new GroupOffsetCommits(config.commitOffsetsToGroup(), config.consumerProperties().get("group.id"),
                logger, where);
        slots = new PartitionSlots(processorIndex, context.totalParallelism());
        applyLayout(discovery.current(), true);
        if (stage != null) {
            initStage(context);
        }
    }

    /** Whether the policy wraps items with their timestamp (any policy with event time does). */
    public static boolean wrapsItems(EventTimePolicy<?> policy) {
        @SuppressWarnings("unchecked")
        ObjLongBiFunction<Object, ?> wrap = (ObjLongBiFunction<Object, ?>) policy.wrapFn();
        Object probe = new Object();
        return wrap.apply(probe, 0L) != probe;
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
        int[] owned = new int[slots.count()];
        for (int slot = 0; slot < owned.length; slot++) {
            owned[slot] = slots.partition(slot).partition();
        }
        stage.init(context, topic, appliedLayout.partitionCounts().get(topic), owned);
    }

    @Override
    public boolean complete() {
        if (pendingTraverser != null && !drainPending()) {
            return false;
        }
        if (stage != null && !stage.ready()) {
            return false;
        }
        if (stage != null && batch == null && stage.heldOutputsDue(System.nanoTime())) {
            stage.releaseHeldOutputs(releasedOutputs);   // a job without snapshots
        }
        if (!releasedOutputs.isEmpty() && !emitReleasedOutputs()) {
            return false;
        }
        slots.seekIfPending(consumer);
        // A new layout is applied only between batches: its seek puts every partition at its next offset, and
        // while part of a batch is still in hand (outbox full, or too many dead letters) that is behind records
        // already polled, so the next poll would return them again and they would be emitted twice. Between
        // batches (the pending item is drained above) no polled record is left behind the next offsets: only
        // control records or compacted-away offsets lie between them and the consumer's positions.
        if (batch == null) {
            final TopicLayout layout = discovery.current();
            if (layout != appliedLayout) {
                applyLayout(layout, false);
                slots.seek(consumer);
            }
        }
        if (!decoding.mayTakeRecords()) {
            return false;   // backpressure: too many dead letters not yet acknowledged; nothing is dropped
        }
        if (batch == null && !pollBatch()) {
            return false;
        }
        emitBatch();
        return false;
    }

    private boolean pollBatch() {
        if (slots.count() == 0) {
            return emitIdle();
        }
        ConsumerRecords<ByteBuffer, ByteBuffer> polled = consumer.poll(Duration.ZERO);
        metrics.updateLagIfDue(consumer, slots);
        if (polled.isEmpty()) {
            if (stage != null) {
                stage.idle();
            }
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
        final PartitionSlots slots = this.slots;
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
                    batchSlot = slots.slotOf(tp);
                    partitionRecords = batchSlot == MISSING_SLOT ? Collections.emptyList() : batch.records(tp);
                    recordIndex = 0;
                    continue;
                }
                final ConsumerRecord<ByteBuffer, ByteBuffer> record = partitionRecords.get(recordIndex++);
                records++;
                bytes += Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize());
                final Object item = stage == null ? decoding.decode(record) : applyStage(record);
                final long next = record.offset() + 1;
                if (item == null) {
                    slots.advance(batchSlot, next);
                    if (decoding.takeDeadLettersFull()) {
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
                slots.advance(batchSlot, next);
            }
        } finally {
            metrics.addRead(records, bytes);
        }
    }

    /** The decoded item after the stage, or {@code null}; a stage failure names the record. */
    private Object applyStage(ConsumerRecord<ByteBuffer, ByteBuffer> record) {
        T item = decoding.decode(record);
        if (item == null) {
            return null;
        }
        try {
            return stage.apply(item, record.partition());
        } catch (Exception e) {
            throw RecordErrors.stageFailed(record, where, e);
        }
    }

    private boolean emitReleasedOutputs() {
        for (Object output = releasedOutputs.peekFirst(); output != null; output = releasedOutputs.peekFirst()) {
            if (!tryEmit(output)) {
                return false;
            }
            releasedOutputs.removeFirst();
        }
        return true;
    }

    private boolean drainPending() {
        if (!emitFromTraverser(pendingTraverser)) {
            return false;
        }
        pendingTraverser = null;
        if (pendingSlot != MISSING_SLOT) {
            slots.advance(pendingSlot, pendingNextOffset);
            pendingSlot = MISSING_SLOT;
        }
        return true;
    }

    /** Reads the partitions of {@code layout} that this processor owns and does not read yet. */
    private void applyLayout(TopicLayout layout, boolean atStart) {
        int added = slots.addOwned(layout, atStart && config.startPosition() == StartPosition.LATEST
                ? initialOffsets : Map.of(), consumer);
        if (stage != null && !atStart && added > 0) {
            throw new JetException(where + ": topic " + config.describeTopics() + " now has "
                    + layout.partitionCounts() + " partitions; aligned keyed state keeps one state partition per Kafka "
                    + "partition and cannot take new ones while the job runs: restart the job, or use keyed-edge mode");
        }
        appliedLayout = layout;
        if (added > 0) {
            eventTimeMapper.addPartitions(added);
            metrics.partitions(slots.assigned());
            if (!atStart) {
                logger.info(where + " now reads " + added + " new partition(s), " + slots.count() + " in all: "
                        + slots.assigned());
            }
        }
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
                // held outputs of the state in this snapshot go out before its barrier, like every other output
                if (stage != null) {
                    stage.releaseHeldOutputs(releasedOutputs);
                }
                if (!emitReleasedOutputs()) {
                    return false;
                }
                if (!decoding.allDeadLettersAcknowledged()) {
                    return false;   // the snapshot must not cover a dead letter that is not yet written
                }
                snapshotEntries = slots.snapshotEntries(eventTimeMapper, groupCommits.startSnapshot());
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

    @Override
    public boolean snapshotCommitFinish(boolean success) {
        if (stage != null && !stage.snapshotCommitFinish(success)) {
            return false;
        }
        groupCommits.finishSnapshot(success, consumer);
        return true;
    }

    @Override
    protected void restoreFromSnapshot(Object key, Object value) {
        restoring = true;
        if (restoreAudit.take(key, value) || (stage != null && stage.restoreEntry(key, value))) {
            return;
        }
        if (!PartitionSlots.isOffsetKey(key)) {
            throw new UnknownSnapshotKeyException(where, key);
        }
        slots.restoreEntry(key, value);
    }

    @Override
    public boolean finishSnapshotRestore() {
        restoreAudit.verify(context);
        int restored = slots.restoredCount();
        for (TopicPartition tp : slots.finishRestore(eventTimeMapper)) {
            logger.warning(where + ": the snapshot has an offset for " + tp + " but the topic no longer has that "
                    + "partition; it is ignored");
        }
        if (restoring) {
            logger.info(where + " restored offsets of " + restored + " partition(s)");
        }
        if (stage != null) {
            stage.finishRestore();
        }
        return true;
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
        if (decoding != null) {
            decoding.close();
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
}
