/**
 * Jetway's Kafka sink: {@link io.jetway.internal.kafka.sink.KafkaSinkP} and its helpers; no compatibility
 * promise.
 *
 * <h2>Exactly-once</h2>
 * Each processor writes through a {@link io.jetway.kafka.common.txn.TransactionalProducerPool} (the
 * machinery the {@code kafka-changelog} backend uses too): items go to the open transaction; snapshot phase 1
 * flushes it and records it, with its producer id and epoch read at that moment and one acknowledged record
 * as a <em>witness</em>, in a {@link io.jetway.internal.kafka.sink.SinkSnapshotEntry}; the next item opens a
 * transaction on another id, so processing does not wait for phase 2, which commits.
 * <p>
 * A restored processor runs a {@link io.jetway.kafka.common.txn.RecoveryPlan} off the processing thread
 * (commit the restored snapshot's transactions if still open, fence every other id an earlier execution may
 * have used), then reads the witness of each restored transaction found no longer open {@code read_committed}
 * ({@link io.jetway.internal.kafka.sink.WitnessVerifier}): a transaction the broker aborted (it outlived
 * {@code transaction.timeout.ms}) fails the job loudly instead of losing its records silently.
 *
 * <h2>At-least-once</h2>
 * When the job is not exactly-once, one idempotent producer per processor, flushed at every snapshot.
 */
package io.jetway.internal.kafka.sink;
