package io.jetway.internal.kafka;

/** Where a source processor learns which topics and partitions exist; {@link PartitionDiscovery} in production. */
@FunctionalInterface
public interface TopicLayoutProvider {

    /** The latest layout; a new instance means something changed. Called on the processor thread, must not block. */
    TopicLayout current();
}
