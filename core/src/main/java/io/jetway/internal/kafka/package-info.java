/**
 * Kafka processors and their helpers; no compatibility promise.
 * <p>
 * The source knows nothing of keyed state: aligned state plugs into it through {@link
 * io.jetway.internal.kafka.RecordStage} (implemented in {@code internal.state}, which depends on this
 * package, never the other way round). Both use {@code internal.snapshot}.
 */
package io.jetway.internal.kafka;
