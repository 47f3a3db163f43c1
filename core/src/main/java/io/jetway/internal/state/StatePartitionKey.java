package io.jetway.internal.state;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import com.hazelcast.partition.PartitionAware;
import io.jetway.internal.snapshot.PartitionedSnapshotKey;
import io.jetway.kafka.common.SnapshotFormat;

import java.io.IOException;
import java.util.Objects;

/**
 * The key of a state backend's entry in a Jet snapshot, in both modes: the state partition, the backend's
 * own key, and a routing key. Keyed edge ({@link PartitionedEntryRouting}): the key is saved as is and its
 * routing key lies in the Jet partition that is the state partition; Jet restores an entry to the processor
 * that owns the Jet partition of its key, so each entry reaches the owner of its state partition under any
 * parallelism. Aligned ({@link BroadcastEntryRouting}): the key travels in a broadcast key and has no
 * routing key ({@code null}). Equal keys have the same state partition and backend key; the routing key
 * only places them.
 * <p>
 * Written field by field ({@link SnapshotFormat}); a restore refuses any other format version.
 * <pre>
 *   formatVersion    int       2 (1: Java-serialized by earlier Jetway versions, not readable)
 *   statePartition   int
 *   backendKey       object    the backend's key, in Hazelcast serialization
 *   routingKey       object    an Integer in the Jet partition that is the state partition, or null (aligned)
 * </pre>
 */
public final class StatePartitionKey implements PartitionAware<Integer>, PartitionedSnapshotKey, DataSerializable {

    static final int FORMAT_VERSION = 2;

    private int statePartition;
    private Object backendKey;
    private Integer routingKey;

    StatePartitionKey(int statePartition, Object backendKey, Integer routingKey) {
        this.statePartition = statePartition;
        this.backendKey = backendKey;
        this.routingKey = routingKey;
    }

    /** For Hazelcast only: {@link #readData} sets the fields. */
    private StatePartitionKey() {
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
    public Integer getPartitionKey() {
        return routingKey;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        SnapshotFormat.writeVersion(out, FORMAT_VERSION);
        out.writeInt(statePartition);
        out.writeObject(backendKey);
        out.writeObject(routingKey);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        SnapshotFormat.readVersion(in, FORMAT_VERSION, StatePartitionKey.class, "keyed state snapshot key");
        statePartition = in.readInt();
        backendKey = in.readObject();
        routingKey = in.readObject();
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
