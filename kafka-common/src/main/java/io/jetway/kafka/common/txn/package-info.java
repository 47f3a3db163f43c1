/**
 * Kafka transactions that span Jet's two-phase snapshot, shared by the {@code kafka-changelog} state
 * backend and the transactional Kafka sink; no compatibility promise.
 *
 * <h2>The protocol</h2>
 * <ul>
 *     <li>Each processor writes through a {@link io.jetway.kafka.common.txn.TransactionalProducerPool}:
 *     a few producers with deterministic transactional ids from a
 *     {@link io.jetway.kafka.common.txn.TransactionalIdScheme}. Records go to the <em>active</em>
 *     transaction; phase 1 flushes it and turns it into a
 *     {@link io.jetway.kafka.common.txn.PreparedTransaction} (id, producer id and epoch read at that
 *     moment) that the caller stores in the snapshot; the next record opens a transaction on another
 *     id, so processing never waits for phase 2, which commits.</li>
 *     <li>Recovery from snapshot N ({@link io.jetway.kafka.common.txn.TransactionRecovery}, planned by
 *     {@link io.jetway.kafka.common.txn.RecoveryPlan}): commit each transaction N recorded if it is
 *     still open, then fence (initTransactions, which aborts) every other id an earlier execution may
 *     have used. Resuming a transaction by producer id and epoch needs kafka-clients internals: that
 *     is the one job of {@link io.jetway.kafka.common.txn.ReflectiveTransactionResumer}.</li>
 *     <li>A processor starts with a {@link io.jetway.kafka.common.txn.TransactionalStart}: recovery and the
 *     start of its own pool at once (their ids are disjoint), the pool handed over once both are done.</li>
 * </ul>
 *
 * <h2>Invariants that make "commit if open" safe</h2>
 * <ol>
 *     <li>A transaction is identified by (transactional id, producer id, epoch): with transaction
 *     protocol 2 (KIP-890) every commit bumps the epoch; with protocol 1 it does not, so the pool never
 *     reuses the id of the transaction committed by the latest successful snapshot until a later
 *     snapshot succeeded. A resumed commit therefore never commits a later transaction.</li>
 *     <li>An execution and the one it restores from never share an id: the lowest bit of the slot
 *     number is the parity of the execution's generation (restore count). So the processor that must
 *     commit an old processor's transaction never races with a new processor that fences its own ids.</li>
 * </ol>
 */
package io.jetway.kafka.common.txn;
