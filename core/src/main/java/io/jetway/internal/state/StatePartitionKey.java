package io.jetway.internal.state;

import com.hazelcast.partition.PartitionAware;
import io.jetway.internal.snapshot.PartitionedSnapshotKey;

import java.io.Serializable;
import java.util.Objects;

/**
 * The key of a state backend's entry in a Jet snapshot: the state partition, the backend's own key, and
 * a routing key that Hazelcast places in that same Jet partition. Jet restores a snapshot entry to the
 * processor that owns the Jet partition of its key, so in keyed-edge mode, where state partition = Jet
 * partition, each entry reaches the processor that owns its state partition, under any parallelism.
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
