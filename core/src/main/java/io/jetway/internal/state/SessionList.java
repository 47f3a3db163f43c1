package io.jetway.internal.state;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;

import java.io.IOException;
import java.util.Arrays;

/**
 * The state of one key in a session window: its open sessions, sorted by start, each with its end (last
 * event + gap) and accumulator. Serialized by Hazelcast for snapshots and changelogs.
 */
public final class SessionList implements DataSerializable {

    private long[] starts = new long[1];
    private long[] ends = new long[1];
    private Object[] accs = new Object[1];
    private int size;

    /** For deserialization. */
    public SessionList() {
    }

    int size() {
        return size;
    }

    long start(int i) {
        return starts[i];
    }

    long end(int i) {
        return ends[i];
    }

    Object acc(int i) {
        return accs[i];
    }

    /** The smallest end, or {@code Long.MAX_VALUE} when there is no session. */
    long earliestEnd() {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < size; i++) {
            min = Math.min(min, ends[i]);
        }
        return min;
    }

    /** Index of the first session overlapping [start, end), or -1. */
    int firstOverlapping(long start, long end) {
        for (int i = 0; i < size; i++) {
            if (starts[i] < end && start < ends[i]) {
                return i;
            }
        }
        return -1;
    }

    /** Widens session {@code i} to cover [start, end). */
    void widen(int i, long start, long end) {
        starts[i] = Math.min(starts[i], start);
        ends[i] = Math.max(ends[i], end);
    }

    /** Adds a session, keeping the list sorted by start; returns its index. */
    int add(long start, long end, Object acc) {
        if (size == starts.length) {
            starts = Arrays.copyOf(starts, size * 2);
            ends = Arrays.copyOf(ends, size * 2);
            accs = Arrays.copyOf(accs, size * 2);
        }
        int at = 0;
        while (at < size && starts[at] < start) {
            at++;
        }
        System.arraycopy(starts, at, starts, at + 1, size - at);
        System.arraycopy(ends, at, ends, at + 1, size - at);
        System.arraycopy(accs, at, accs, at + 1, size - at);
        starts[at] = start;
        ends[at] = end;
        accs[at] = acc;
        size++;
        return at;
    }

    /** Removes session {@code i}. */
    void remove(int i) {
        System.arraycopy(starts, i + 1, starts, i, size - i - 1);
        System.arraycopy(ends, i + 1, ends, i, size - i - 1);
        System.arraycopy(accs, i + 1, accs, i, size - i - 1);
        size--;
        accs[size] = null;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeInt(size);
        for (int i = 0; i < size; i++) {
            out.writeLong(starts[i]);
            out.writeLong(ends[i]);
            out.writeObject(accs[i]);
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        size = in.readInt();
        int capacity = Math.max(1, size);
        starts = new long[capacity];
        ends = new long[capacity];
        accs = new Object[capacity];
        for (int i = 0; i < size; i++) {
            starts[i] = in.readLong();
            ends[i] = in.readLong();
            accs[i] = in.readObject();
        }
    }
}
