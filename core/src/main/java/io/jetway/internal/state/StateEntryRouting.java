package io.jetway.internal.state;

/**
 * How a {@link StateHost}'s backend entries travel in a Jet snapshot: the snapshot key of an entry, and at a
 * restore, which entries are state entries and which of them this processor restores. Keyed edge:
 * {@link PartitionedEntryRouting}; aligned: {@link BroadcastEntryRouting}.
 */
interface StateEntryRouting {

    /** The snapshot key of chunk {@code chunk} of {@code statePartition} ({@link StateEntryChunks}). */
    Object snapshotKey(int statePartition, int chunk);

    /** The chunk key in a restored snapshot key, or {@code null} when the key is not a chunk's. */
    StatePartitionKey entryKey(Object snapshotKey);

    /** Whether this processor restores the entries of {@code statePartition}. */
    boolean restores(int statePartition);
}
