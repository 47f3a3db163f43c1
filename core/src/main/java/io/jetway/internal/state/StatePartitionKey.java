package io.jetway.internal.state;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import com.hazelcast.partition.PartitionAware;
import io.jetway.internal.snapshot.PartitionedSnapshotKey;
import io.jetway.kafka.common.SnapshotFormat;

import java.io.IOException;

/**
 * The key of a chunk of a state backend's entries in a Jet snapshot ({@link StateEntryChunks}), in both modes:
 * the state partition, the chunk's number within it, and a routing key. Keyed edge
 * ({@link PartitionedEntryRouting}): the key is saved as is and its routing key lies in the Jet partition that
 * is the state partition; Jet restores a chunk to the processor that owns the Jet partition of its key, so each
 * chunk reaches the owner of its state partition under any parallelism. Aligned ({@link BroadcastEntryRouting}):
 * the key travels in a broadcast key and has no routing key ({@code null}). Equal keys have the same state
 * partition and chunk number; the routing key only places them.
 * <p>
 * Written field by field ({@link SnapshotFormat}); a restore refuses any other format version.
 * <pre>
 *   formatVersion    int       3 (2: a key per backend entry, 1: Java-serialized; neither readable)
 *   statePartition   int
 *   chunk            int       the chunk's number among those of its state partition in the snapshot
 *   routingKey       object    an Integer in the Jet partition that is the state partition, or null (aligned)
 * </pre>
 */
public final class StatePartitionKey implements PartitionAware<Integer>, PartitionedSnapshotKey, DataSerializable {

    static final int FORMAT_VERSION = 3;

    private int statePartition;
    private int chunk;
    private Integer routingKey;

    StatePartitionKey(int statePartition, int chunk, Integer routingKey) {
        this.statePartition = statePartition;
        this.chunk = chunk;
        this.routingKey = routingKey;
    }

    /** For Hazelcast only: {@link #readData} sets the fields. */
    private StatePartitionKey() {
    }

    int statePartition() {
        return statePartition;
    }

    int chunk() {
        return chunk;
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
        out.writeInt(chunk);
        out.writeObject(routingKey);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        SnapshotFormat.readVersion(in, FORMAT_VERSION, StatePartitionKey.class, "keyed state snapshot key");
        statePartition = in.readInt();
        chunk = in.readInt();
        routingKey = in.readObject();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StatePartitionKey that && statePartition == that.statePartition
                && chunk == that.chunk;
    }

    @Override
    public int hashCode() {
        return 31 * statePartition + chunk;
    }

    @Override
    public String toString() {
        return "StatePartitionKey{" + statePartition + ", chunk " + chunk + '}';
    }
}
