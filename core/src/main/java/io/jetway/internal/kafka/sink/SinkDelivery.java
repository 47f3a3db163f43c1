package io.jetway.internal.kafka.sink;

import org.apache.kafka.clients.producer.Producer;

import java.nio.ByteBuffer;

/**
 * How a sink processor's records reach Kafka and what the snapshot phases do with them: per snapshot in a
 * Kafka transaction ({@link TransactionalDelivery}) or through one idempotent producer flushed at every
 * snapshot ({@link AtLeastOnceDelivery}). Called on the processor thread only.
 */
interface SinkDelivery extends AutoCloseable {

    /** Whether records can be sent; starts what is needed at the first call and never blocks. */
    boolean ready();

    /** The producer for the next record; only when {@link #ready()}. */
    Producer<ByteBuffer, ByteBuffer> producer();

    /** Rethrows the first failed send, as the exception that makes Jet restart or fail the job. */
    void checkSendFailure();

    /** The exception for a failure of {@code what} (a synchronous send, a flush) on the processor thread. */
    RuntimeException failure(String what, RuntimeException error);

    /** A snapshot entry of this vertex, before {@link #finishRestore()}. */
    void restore(SinkSnapshotEntry entry);

    /** Every entry was restored. */
    void finishRestore();

    /** Phase 1: makes everything sent so far durable; returns what the snapshot records, or {@code null}. */
    SinkSnapshotEntry prepare();

    /** Phase 2. */
    void commit(boolean success);

    /** The input ended: makes everything sent so far durable and visible. */
    void complete();

    /** Closes at once, ending no prepared transaction. Idempotent. */
    @Override
    void close();
}
