/**
 * What every Jetway processor that saves to Jet's snapshot shares: it paces its entries below the member's
 * snapshot-writer limit ({@link io.jetway.internal.snapshot.SnapshotWriterPacer}), counts them and saves a
 * manifest last ({@link io.jetway.internal.snapshot.SnapshotEmitter}), and a restore checks that every saved
 * entry arrived ({@link io.jetway.internal.snapshot.RestoreAudit}). Hazelcast 5.2.0 to 5.7.0 drop snapshot entries that
 * its writer refuses (docs/snapshot-entry-loss.md): a restore from such a snapshot fails loudly instead of
 * starting from less state.
 */
package io.jetway.internal.snapshot;
