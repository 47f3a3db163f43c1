package io.jetway.internal.kafka;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable view of the topics a source reads and how many partitions each has, as last seen on
 * the cluster. A new instance is published whenever discovery sees a change, so processors notice a
 * change with a reference comparison.
 */
public final class TopicLayout {

    static final TopicLayout EMPTY = new TopicLayout(Map.of());

    private final Map<String, Integer> partitionCounts;

    /** A layout of the given topics and their partition counts. */
    public TopicLayout(Map<String, Integer> partitionCounts) {
        this.partitionCounts = Collections.unmodifiableMap(new TreeMap<>(partitionCounts));
    }

    /** Topic name to partition count, sorted by topic. */
    public Map<String, Integer> partitionCounts() {
        return partitionCounts;
    }

    /** Whether {@code other} has the same topics and counts. */
    boolean sameAs(TopicLayout other) {
        return partitionCounts.equals(other.partitionCounts);
    }

    @Override
    public String toString() {
        return partitionCounts.toString();
    }
}
