package io.jetway.internal.state;

import com.hazelcast.partition.PartitionAware;
import io.jetway.internal.snapshot.PartitionedSnapshotKey;

import java.io.Serializable;
import java.util.Objects;

/**
 * The key of a state backend's entry in a Jet snapshot, in both modes: the state partition, the backend's
 * own key, and a routing key. Keyed edge ({@link PartitionedEntryRouting}): the key is saved as is and its
 * routing key lies in the Jet partition that is the state partition; Jet restores an entry to the processor
 * that owns the Jet partition of its key, so each entry reaches the owner of its state partition under any
 * parallelism. Aligned ({@link BroadcastEntryRouting}): the key travels in a broadcast key and has no
 * routing key ({@code null}).
 */
public final class StatePartitionKey implements PartitionAware<Object>, PartitionedSnapshotKey, Serializable {

    private static final long serialVersionUID = 1L;

    private final int statePartition;
    private final Object backendKey;
    private final Object routingKey;

    StatePartitionKey(int statePartition, Object backendKey, Object routingKey) {
        this.statePartition = statePartition;
        this.backendKey = backendKey;
        this.routingKey = routingKey;
    }

    int statePartition() {
        return statePartition;
    }

    Object backendKey() {
        return backendKey;
    }

    @Override
    public int jetPartition() {
        return statePartition;      // the routing key lies in the Jet partition that is the state partition
    }

    @Override
    public Object getPartitionKey() {
        return routingKey;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StatePartitionKey that && statePartition == that.statePartition
                && Objects.equals(backendKey, that.backendKey);
    }

    @Override
    public int hashCode() {
        return 31 * statePartition + Objects.hashCode(backendKey);
    }

    @Override
    public String toString() {
        return "StatePartitionKey{" + statePartition + ", " + backendKey + '}';
    }
}
