package io.jetway.internal.state;

import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.nio.BufferObjectDataInput;
import com.hazelcast.internal.nio.BufferObjectDataOutput;
import io.jetway.spi.state.SnapshotWriter;

import java.io.IOException;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.Arrays;
import java.util.List;
import java.util.Map.Entry;

/**
 * Packs a backend's snapshot entries into chunks, one Jet snapshot entry per chunk of one state partition,
 * instead of one Jet snapshot entry per backend entry: a Jet snapshot entry costs a key object, its class name
 * in the serialized key and a place in the snapshot map, which for the {@code heap} backend (an entry per
 * state key) was most of the snapshot's bytes and time.
 * <p>
 * A chunk's key is a {@link StatePartitionKey} (state partition, chunk number, placed by the
 * {@link StateEntryRouting}); its value a {@code byte[]} in the job's Hazelcast serialization:
 * <pre>
 *   count      int       the entries in the chunk
 *   count x    key       object   the backend's key
 *              value     object   the backend's value
 * </pre>
 * A chunk is closed once it holds {@link #CHUNK_BYTES} or the backend moves on to another state partition;
 * chunk numbers count per state partition within one snapshot. Not thread-safe: one snapshot at a time, on
 * whichever thread runs the phase.
 */
final class StateEntryChunks implements SnapshotWriter {

    /** Takes the entries of a chunk at a restore. */
    @FunctionalInterface
    interface EntryRestore {
        void restore(int statePartition, Object key, Object value) throws Exception;
    }

    /**
     * The size from which a chunk is closed. Small beside Jet's 128 KB snapshot-map chunks on purpose: the
     * {@link io.jetway.internal.snapshot.SnapshotWriterPacer} keeps room for what already waits in a processor's
     * snapshot queue (1,024 entries), which at 4 KB an entry is at most 32 chunk puts.
     */
    static final int CHUNK_BYTES = 4 * 1024;

    private static final int COUNT_POSITION = 0;

    private final InternalSerializationService serialization;
    private final StateEntryRouting routing;
    private final int[] nextChunk;
    private BufferObjectDataOutput out;
    private List<Entry<Object, Object>> target;
    private int partition = -1;
    private int count;

    /**
     * Chunks of the {@code statePartitionCount} state partitions, serialized by {@code serialization} and
     * keyed by {@code routing}.
     */
    StateEntryChunks(InternalSerializationService serialization, StateEntryRouting routing, int statePartitionCount) {
        this.serialization = serialization;
        this.routing = routing;
        this.nextChunk = new int[statePartitionCount];
    }

    /** Starts a snapshot whose chunks go to {@code target}; anything left of an unfinished one is dropped. */
    void begin(List<Entry<Object, Object>> target) {
        this.target = target;
        Arrays.fill(nextChunk, 0);
        partition = -1;
        count = 0;
        if (out != null) {
            out.clear();
        }
    }

    @Override
    public void write(int statePartition, Object key, Object value) {
        try {
            if (statePartition != partition || out.position() >= CHUNK_BYTES) {
                closeChunk();
                openChunk(statePartition);
            }
            out.writeObject(key);
            out.writeObject(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize a snapshot entry of state partition " + statePartition
                    + ": " + e, e);
        }
        count++;
    }

    /** Closes the last chunk: every entry written since {@link #begin} is now in the target list. */
    void finish() throws IOException {
        closeChunk();
        partition = -1;
        target = null;
    }

    /**
     * Gives the backend entries of a chunk of {@code statePartition} written by this class to {@code restore}.
     *
     * @throws IOException when the chunk cannot be read; whatever {@code restore} throws
     */
    void read(int statePartition, byte[] chunk, EntryRestore restore) throws Exception {
        BufferObjectDataInput in = serialization.createObjectDataInput(chunk);
        int entries = in.readInt();
        for (int i = 0; i < entries; i++) {
            Object key = in.readObject();
            Object value = in.readObject();
            restore.restore(statePartition, key, value);
        }
        if (in.position() != chunk.length) {
            throw new IOException((chunk.length - in.position()) + " bytes left after the chunk's " + entries
                    + " entries");
        }
    }

    private void openChunk(int statePartition) throws IOException {
        if (out == null) {
            out = serialization.createObjectDataOutput(CHUNK_BYTES + CHUNK_BYTES / 4);
        }
        partition = statePartition;
        count = 0;
        out.writeInt(0);        // the count, set when the chunk closes
    }

    private void closeChunk() throws IOException {
        if (partition < 0) {
            return;
        }
        out.writeInt(COUNT_POSITION, count);
        target.add(new SimpleImmutableEntry<>(routing.snapshotKey(partition, nextChunk[partition]++),
                out.toByteArray()));
        out.clear();
    }
}
