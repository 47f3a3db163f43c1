package io.jetway.internal.kafka;

/**
 * Which source processor of the whole job reads a Kafka partition.
 * <p>
 * Partitions of one topic go round-robin over the global processor indexes, starting at an index
 * derived from the topic name so that several topics do not all pile onto processor 0. The function
 * depends only on the topic, the partition and the total parallelism: new partitions do not move
 * existing ones, and after a restore with another parallelism every processor can tell, from a
 * broadcast snapshot entry alone, whether the partition is now its own.
 */
public final class PartitionOwnership {

    private PartitionOwnership() {
    }

    /** The global processor index (0..totalParallelism-1) that owns {@code topic}-{@code partition}. */
    public static int owner(String topic, int partition, int totalParallelism) {
        int start = Math.floorMod(topic.hashCode(), totalParallelism);
        return (int) ((start + (long) partition) % totalParallelism);
    }
}
