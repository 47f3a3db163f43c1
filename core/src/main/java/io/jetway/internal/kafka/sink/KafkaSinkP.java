package io.jetway.internal.kafka.sink;

import com.hazelcast.function.FunctionEx;
import com.hazelcast.internal.metrics.DynamicMetricsProvider;
import com.hazelcast.internal.metrics.MetricDescriptor;
import com.hazelcast.internal.metrics.MetricsCollectionContext;
import com.hazelcast.jet.JetException;
import com.hazelcast.jet.config.ProcessingGuarantee;
import com.hazelcast.jet.core.BroadcastKey;
import com.hazelcast.jet.core.Inbox;
import com.hazelcast.jet.core.Outbox;
import com.hazelcast.jet.core.Processor;
import com.hazelcast.jet.core.Watermark;
import com.hazelcast.jet.Traverser;
import com.hazelcast.jet.Traversers;
import io.jetway.KafkaSinkConfig;
import io.jetway.internal.snapshot.RestoreAudit;
import io.jetway.internal.snapshot.SnapshotEmitter;
import io.jetway.kafka.common.txn.ReflectiveTransactionResumer;
import io.jetway.spi.codec.RecordEncoder;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.ByteBuffer;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.Map;

import static com.hazelcast.jet.core.BroadcastKey.broadcastKey;

/**
 * Jetway's Kafka sink processor: encodes each item with a {@link RecordEncoder} and sends it to the topic of
 * the config or of the item; exactly-once through a Kafka transaction per snapshot when the job is
 * {@code EXACTLY_ONCE} ({@link TransactionalDelivery}), else at-least-once ({@link AtLeastOnceDelivery}).
 * <p>
 * Non-cooperative: the producer blocks when its buffer is full, flushes at phase 1 and commits at phase 2.
 * Failed sends are reported by the producer's I/O thread ({@link SendTracker}) and rethrown here, naming the
 * item and topic, as an exception that restarts the job when a restart repairs it and fails it otherwise
 * ({@link SinkErrors}).
 *
 * @param <T> the item type
 */
public final class KafkaSinkP<T> implements Processor, DynamicMetricsProvider {

    private final KafkaSinkConfig config;
    private final FunctionEx<? super T, String> topicFn;
    private final RecordEncoder<? super T> encoder;
    private final SinkMetrics metrics = new SinkMetrics();

    private Outbox outbox;
    private SinkSetup setup;
    private SendTracker tracker;
    private SinkDelivery delivery;
    private TopicCheck topics;
    private String where;
    private BroadcastKey<String> snapshotKey;
    private Traverser<Map.Entry<Object, Object>> unsavedEntries;
    private SnapshotEmitter snapshotEmitter;
    private final RestoreAudit restoreAudit = new RestoreAudit();
    private Context context;

    /**
     * @param topicFn the topic of each item, or {@code null} for {@link KafkaSinkConfig#topic()}, which the
     *                supplier checked already
     */
    public KafkaSinkP(KafkaSinkConfig config, FunctionEx<? super T, String> topicFn, RecordEncoder<? super T> encoder) {
        this.config = config;
        this.topicFn = topicFn;
        this.encoder = encoder;
    }

    @Override
    public boolean isCooperative() {
        return false;
    }

    @Override
    public void init(Outbox outbox, Context context) {
        this.outbox = outbox;
        setup = new SinkSetup(config, context, metrics);
        where = setup.where();
        snapshotKey = broadcastKey("jetway.kafka-sink/" + setup.processorIndex());
        this.context = context;
        snapshotEmitter = SnapshotEmitter.of(context, null);     // one broadcast entry
        boolean exactlyOnce = config.exactlyOnce() && context.processingGuarantee() == ProcessingGuarantee.EXACTLY_ONCE;
        tracker = new SendTracker(exactlyOnce);
        delivery = exactlyOnce
                ? new TransactionalDelivery(setup, ReflectiveTransactionResumer.instance(), tracker)
                : new AtLeastOnceDelivery(setup.idempotentProducerProperties(), tracker, where, setup.logger());
        if (topicFn != null) {
            topics = new TopicCheck(config, setup.threadPrefix() + "-admin", where);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(int ordinal, Inbox inbox) {
        if (!delivery.ready()) {
            return;
        }
        delivery.checkSendFailure();
        long sent = 0;
        for (Object item; (item = inbox.peek()) != null; inbox.remove()) {
            send((T) item);
            sent++;
        }
        metrics.sent(sent);
    }

    private void send(T item) {
        String topic = topicFn == null ? config.topic() : topicOf(item);
        ByteBuffer key;
        ByteBuffer value;
        try {
            key = encoder.encodeKey(item);
            value = encoder.encodeValue(item);
        } catch (Exception e) {
            throw new JetException(where + ": cannot encode item " + SinkErrors.describe(item) + " for topic '" + topic
                    + "' with " + encoder.getClass().getName() + ": " + e, e);
        }
        try {
            delivery.producer().send(new ProducerRecord<>(topic, null, null, key, value), tracker.callbackFor(item));
        } catch (RuntimeException e) {
            if (e instanceof JetException) {
                throw e;
            }
            throw delivery.failure("sending item " + SinkErrors.describe(item) + " to topic '" + topic + "'", e);
        }
    }

    private String topicOf(T item) {
        String topic;
        try {
            topic = topicFn.apply(item);
        } catch (RuntimeException e) {
            throw new JetException(where + ": the topic function failed on item " + SinkErrors.describe(item)
                    + ": " + e, e);
        }
        topics.require(topic);
        return topic;
    }

    @Override
    public boolean tryProcessWatermark(Watermark watermark) {
        // a sink has nobody to forward the watermark to
        return true;
    }

    @Override
    public boolean tryProcess() {
        if (!delivery.ready()) {
            return false;
        }
        delivery.checkSendFailure();
        return true;
    }

    @Override
    public boolean complete() {
        if (!delivery.ready()) {
            return false;
        }
        delivery.complete();
        return true;
    }

    @Override
    public boolean saveToSnapshot() {
        if (unsavedEntries == null) {
            if (!delivery.ready()) {
                return false;
            }
            SinkSnapshotEntry prepared = delivery.prepare();
            unsavedEntries = prepared == null ? Traversers.empty()
                    : Traversers.singleton(new SimpleImmutableEntry<>(snapshotKey, prepared));
        }
        if (!snapshotEmitter.emit(unsavedEntries, outbox::offerToSnapshot)) {
            return false;
        }
        unsavedEntries = null;
        return true;
    }

    @Override
    public boolean snapshotCommitFinish(boolean success) {
        delivery.commit(success);
        return true;
    }

    @Override
    public void restoreFromSnapshot(Inbox inbox) {
        for (Object item; (item = inbox.poll()) != null; ) {
            Map.Entry<?, ?> restored = (Map.Entry<?, ?>) item;
            if (restoreAudit.take(restored.getKey(), restored.getValue())) {
                continue;
            }
            Object value = restored.getValue();
            if (!(value instanceof SinkSnapshotEntry entry)) {
                throw new JetException(where + ": not a Kafka sink snapshot entry: " + item);
            }
            delivery.restore(entry);
        }
    }

    @Override
    public boolean finishSnapshotRestore() {
        restoreAudit.verify(context);
        delivery.finishRestore();
        return true;
    }

    @Override
    public void provideDynamicMetrics(MetricDescriptor descriptor, MetricsCollectionContext context) {
        metrics.provideDynamicMetrics(descriptor, context);
    }

    @Override
    public void close() {
        if (topics != null) {
            topics.close();
        }
        if (delivery != null) {
            delivery.close();
        }
    }
}
