package io.jetway.internal.state;

import com.hazelcast.internal.partition.IPartitionService;

/**
 * Keyed-edge routing: state partition = Jet partition, and each chunk's {@link StatePartitionKey} carries a
 * routing key in that Jet partition, so Jet restores it to the processor that owns the partition now,
 * under any parallelism; a processor restores every chunk it receives.
 */
final class PartitionedEntryRouting implements StateEntryRouting {

    private final IPartitionService partitions;
    private PartitionRoutingKeys routingKeys;

    PartitionedEntryRouting(IPartitionService partitions) {
        this.partitions = partitions;
    }

    @Override
    public Object snapshotKey(int statePartition, int chunk) {
        if (routingKeys == null) {
            routingKeys = new PartitionRoutingKeys(partitions);     // at the first snapshot, not at every start
        }
        return new StatePartitionKey(statePartition, chunk, routingKeys.keyOf(statePartition));
    }

    @Override
    public StatePartitionKey entryKey(Object snapshotKey) {
        return snapshotKey instanceof StatePartitionKey k ? k : null;
    }

    @Override
    public boolean restores(int statePartition) {
        return true;        // Jet routed it here
    }
}
