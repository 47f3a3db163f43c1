package io.jetway.internal.snapshot;

/**
 * A snapshot key that knows the Jet partition Hazelcast routes it to, so that counting it costs no
 * serialization (a key of millions in a large state snapshot).
 */
public interface PartitionedSnapshotKey {

    /** The Jet partition of this key, as {@code IPartitionService.getPartitionId(key)} computes it. */
    int jetPartition();
}
