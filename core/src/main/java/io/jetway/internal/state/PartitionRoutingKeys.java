package io.jetway.internal.state;

import com.hazelcast.internal.partition.IPartitionService;

/**
 * For each Jet partition, a small {@code Integer} that Hazelcast places in it: used as the routing key of
 * snapshot entries that must reach the owner of a given partition. Found by trying 0, 1, 2, ... once per
 * processor; the same on every member, because all members hash alike.
 */
final class PartitionRoutingKeys {

    private static final int MAX_TRIES_PER_PARTITION = 10_000;

    private final Integer[] keys;

    PartitionRoutingKeys(IPartitionService partitions) {
        int count = partitions.getPartitionCount();
        keys = new Integer[count];
        int found = 0;
        for (int candidate = 0; found < count; candidate++) {
            if (candidate > count * MAX_TRIES_PER_PARTITION) {
                throw new IllegalStateException("No routing key found for some of " + count + " partitions");
            }
            int partition = partitions.getPartitionId(candidate);
            if (keys[partition] == null) {
                keys[partition] = candidate;
                found++;
            }
        }
    }

    /** A key Hazelcast places in {@code partition}. */
    Integer keyOf(int partition) {
        return keys[partition];
    }
}
