package io.jetway.internal.kafka.sink;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.util.concurrent.atomic.AtomicReference;

/**
 * What the producer's acknowledgements tell a sink processor: the first failed send, and a witness of the
 * open transaction (its first acknowledged record).
 * <p>
 * Threads: {@link #callbackFor} and the reads run on the processor thread; the callbacks on the producer's
 * I/O thread. Both fields are written there and read here after {@code flush()}, which returns only after
 * the callbacks of every record sent before it ran.
 */
final class SendTracker {

    // compareAndSet keeps the FIRST failure: later ones are usually its consequences
    private final AtomicReference<SendFailure> firstFailure = new AtomicReference<>();
    private final boolean keepWitness;
    // set by the first acknowledgement after takeWitness(); a volatile read per acknowledgement
    private volatile CommitWitness witness;

    /** @param keepWitness whether acknowledgements record a witness (transactional mode) */
    SendTracker(boolean keepWitness) {
        this.keepWitness = keepWitness;
    }

    /**
     * A callback for the record of {@code item}. One small object per record: it names the item when the
     * send fails, as the producer allocates its own per-record callback wrappers anyway.
     */
    Callback callbackFor(Object item) {
        return new ItemCallback(this, item);
    }

    /** The first failure, or {@code null}. */
    SendFailure firstFailure() {
        return firstFailure.get();
    }

    /** The witness recorded since the last call, or {@code null}; call after a flush. */
    CommitWitness takeWitness() {
        CommitWitness taken = witness;
        witness = null;
        return taken;
    }

    private void onAck(RecordMetadata metadata) {
        if (keepWitness && witness == null) {
            witness = new CommitWitness(metadata.topic(), metadata.partition(), metadata.offset());
        }
    }

    private void onFailure(Object item, RecordMetadata metadata, Exception error) {
        if (firstFailure.get() == null) {
            String topic = metadata == null ? "?" : metadata.topic();
            int partition = metadata == null ? -1 : metadata.partition();
            firstFailure.compareAndSet(null, new SendFailure(item, topic, partition, error));
        }
    }

    private static final class ItemCallback implements Callback {
        private final SendTracker tracker;
        private final Object item;

        ItemCallback(SendTracker tracker, Object item) {
            this.tracker = tracker;
            this.item = item;
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception error) {
            if (error == null) {
                tracker.onAck(metadata);
            } else {
                tracker.onFailure(item, metadata, error);
            }
        }
    }
}
