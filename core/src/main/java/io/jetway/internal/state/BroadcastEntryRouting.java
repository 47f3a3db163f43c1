package io.jetway.internal.state;

import com.hazelcast.jet.core.BroadcastKey;

import static com.hazelcast.jet.core.BroadcastKey.broadcastKey;

/**
 * Aligned routing: the state partitions are the source's Kafka partitions, which Jet's partitions do not
 * place, so every chunk's {@link StatePartitionKey} travels in a broadcast key; every processor sees them
 * all and restores those of the state partitions it owns now, so a job restored with another parallelism
 * still restores every partition once.
 */
final class BroadcastEntryRouting implements StateEntryRouting {

    private final boolean[] owned;

    BroadcastEntryRouting(int statePartitionCount, int[] ownedPartitions) {
        owned = new boolean[statePartitionCount];
        for (int p : ownedPartitions) {
            owned[p] = true;
        }
    }

    @Override
    public Object snapshotKey(int statePartition, int chunk) {
        return broadcastKey(new StatePartitionKey(statePartition, chunk, null));
    }

    @Override
    public StatePartitionKey entryKey(Object snapshotKey) {
        return snapshotKey instanceof BroadcastKey<?> b && b.key() instanceof StatePartitionKey k ? k : null;
    }

    @Override
    public boolean restores(int statePartition) {
        return statePartition < owned.length && owned[statePartition];
    }
}
