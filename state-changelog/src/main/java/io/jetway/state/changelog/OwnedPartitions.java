package io.jetway.state.changelog;

import java.util.Arrays;

/**
 * The state partitions one processor owns and their local off-heap maps (one {@link OffHeapBytesMap} each,
 * all in one {@link OffHeapMemory}): which partitions, whether one is owned, how to name them in messages, how
 * many keys they hold, and freeing them.
 */
final class OwnedPartitions {

    private final String where;
    private final int[] partitions;
    private final boolean[] isOwned;
    private final OffHeapMemory memory = new OffHeapMemory();
    private final OffHeapBytesMap[] maps;

    /**
     * @param partitions the owned state partitions, ascending (as the SPI lists them)
     * @param count      the number of state partitions of the job
     */
    OwnedPartitions(String where, int[] partitions, int count) {
        this.where = where;
        this.partitions = partitions.clone();
        this.isOwned = new boolean[count];
        this.maps = new OffHeapBytesMap[count];
        for (int partition : this.partitions) {
            if (partition < 0 || partition >= count) {
                throw new IllegalArgumentException(where + ": owned state partition " + partition + " is not in [0, "
                        + count + ")");
            }
            isOwned[partition] = true;
            maps[partition] = new OffHeapBytesMap(memory);
        }
    }

    /** The owned state partitions, ascending; not to be modified. */
    int[] partitions() {
        return partitions;
    }

    /** The number of state partitions of the job. */
    int count() {
        return isOwned.length;
    }

    /** Whether this processor owns no state partition. */
    boolean isEmpty() {
        return partitions.length == 0;
    }

    /** The lowest owned partition: its snapshot entry is the writer's anchor. */
    int anchor() {
        return partitions[0];
    }

    /** @throws IllegalArgumentException when {@code statePartition} is not owned, naming the owned ones */
    void check(int statePartition) {
        if (statePartition < 0 || statePartition >= isOwned.length || !isOwned[statePartition]) {
            throw new IllegalArgumentException(where + " does not own state partition " + statePartition
                    + "; it owns " + describe());
        }
    }

    /** The maps indexed by state partition, {@code null} where not owned; not to be modified. */
    OffHeapBytesMap[] maps() {
        return maps;
    }

    OffHeapMemory memory() {
        return memory;
    }

    /** The keys held in all owned maps. */
    long keys() {
        long keys = 0;
        for (int partition : partitions) {
            keys += maps[partition].size();
        }
        return keys;
    }

    /** Frees every map. */
    void free() {
        for (int partition : partitions) {
            maps[partition].close();
        }
    }

    /** The owned partitions for messages: all of them, or their count and range when there are many. */
    String describe() {
        return partitions.length <= 16 ? Arrays.toString(partitions)
                : partitions.length + " partitions " + partitions[0] + ".." + partitions[partitions.length - 1];
    }
}
