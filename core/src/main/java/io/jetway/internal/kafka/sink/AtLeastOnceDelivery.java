package io.jetway.internal.kafka.sink;

import com.hazelcast.logging.ILogger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;

/**
 * At-least-once (or no guarantee): one idempotent producer; phase 1 flushes it, so a completed snapshot
 * never covers a record that is not acknowledged. After a restart, records sent after the snapshot are sent
 * again.
 */
final class AtLeastOnceDelivery implements SinkDelivery {

    private final Map<String, Object> producerProperties;
    private final SendTracker tracker;
    private final String where;
    private final ILogger logger;
    private Producer<ByteBuffer, ByteBuffer> producer;
    private boolean warnedAboutEntries;

    AtLeastOnceDelivery(Map<String, Object> producerProperties, SendTracker tracker, String where, ILogger logger) {
        this.producerProperties = producerProperties;
        this.tracker = tracker;
        this.where = where;
        this.logger = logger;
    }

    @Override
    public boolean ready() {
        if (producer == null) {
            producer = new KafkaProducer<>(producerProperties);
        }
        return true;
    }

    @Override
    public Producer<ByteBuffer, ByteBuffer> producer() {
        return producer;
    }

    @Override
    public void checkSendFailure() {
        SendFailure failure = tracker.firstFailure();
        if (failure != null) {
            throw SinkErrors.openTransactionFailure(where, "sending " + failure.describe(), failure.error(), null, -1,
                    Long.MAX_VALUE);
        }
    }

    @Override
    public RuntimeException failure(String what, RuntimeException error) {
        SendFailure failure = tracker.firstFailure();
        Throwable cause = failure != null ? failure.error() : error;
        return SinkErrors.openTransactionFailure(where, what, cause, null, -1, Long.MAX_VALUE);
    }

    @Override
    public void restore(SinkSnapshotEntry entry) {
        if (!entry.prepared().isEmpty() && !warnedAboutEntries) {
            warnedAboutEntries = true;
            logger.warning(where + ": the restored snapshot holds prepared transactions of an exactly-once run, "
                    + "but this run is not exactly-once: they are left to the broker's transaction timeout "
                    + entry.prepared());
        }
    }

    @Override
    public void finishRestore() {
    }

    @Override
    public SinkSnapshotEntry prepare() {
        if (producer != null) {
            try {
                producer.flush();
            } catch (RuntimeException e) {
                throw failure("flushing at a snapshot", e);
            }
            checkSendFailure();
        }
        return null;
    }

    @Override
    public void commit(boolean success) {
    }

    @Override
    public void complete() {
        prepare();
    }

    @Override
    public void close() {
        if (producer != null) {
            // Duration.ZERO: unacknowledged records are covered by no snapshot, a restart sends them again
            producer.close(Duration.ZERO);
            producer = null;
        }
    }
}
