package io.jetway.internal.state;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;

import java.io.IOException;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The state of one key in a tumbling or sliding window: an accumulator per frame (frames sorted by start)
 * and the end of the last window already emitted. Serialized by Hazelcast for snapshots and changelogs.
 */
public final class WindowFrames implements DataSerializable {

    private long emittedUpTo = Long.MIN_VALUE;
    private long[] starts = new long[2];
    private Object[] accs = new Object[2];
    private int size;

    /** For deserialization. */
    public WindowFrames() {
    }

    long emittedUpTo() {
        return emittedUpTo;
    }

    void emittedUpTo(long end) {
        emittedUpTo = end;
    }

    int size() {
        return size;
    }

    long start(int i) {
        return starts[i];
    }

    Object acc(int i) {
        return accs[i];
    }

    /** The accumulator of the frame starting at {@code start}, created when missing. */
    Object accFor(long start, Supplier<?> create) {
        int i = Arrays.binarySearch(starts, 0, size, start);
        if (i >= 0) {
            return accs[i];
        }
        int at = -i - 1;
        if (size == starts.length) {
            starts = Arrays.copyOf(starts, size * 2);
            accs = Arrays.copyOf(accs, size * 2);
        }
        System.arraycopy(starts, at, starts, at + 1, size - at);
        System.arraycopy(accs, at, accs, at + 1, size - at);
        starts[at] = start;
        accs[at] = create.get();
        size++;
        return accs[at];
    }

    /** Drops the frames starting before {@code firstKept}. */
    void dropBefore(long firstKept) {
        int i = 0;
        while (i < size && starts[i] < firstKept) {
            i++;
        }
        if (i > 0) {
            System.arraycopy(starts, i, starts, 0, size - i);
            System.arraycopy(accs, i, accs, 0, size - i);
            Arrays.fill(accs, size - i, size, null);
            size -= i;
        }
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(emittedUpTo);
        out.writeInt(size);
        for (int i = 0; i < size; i++) {
            out.writeLong(starts[i]);
            out.writeObject(accs[i]);
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        emittedUpTo = in.readLong();
        size = in.readInt();
        starts = new long[Math.max(2, size)];
        accs = new Object[Math.max(2, size)];
        for (int i = 0; i < size; i++) {
            starts[i] = in.readLong();
            accs[i] = in.readObject();
        }
    }
}
