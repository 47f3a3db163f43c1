package io.jetway.benchmarks.e2e;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the parallel instances of one Flink function in this JVM have done since the last {@link #reset()}:
 * a record count, a checksum and the time of the first and the latest publication, one slot per subtask.
 * The Flink variants run an embedded {@code MiniCluster} in their own JVM, so the driver thread of the
 * variant reads the task threads' progress here, as {@link CountingSinkP#PROGRESS} does for Jet.
 *
 * <p>Each slot has one writer, the task thread of its subtask, which publishes its running totals (not
 * increments); the driver only reads. No read-modify-write is shared, so publishing costs ordered stores.
 */
final class FlinkProgress {

    /** Subtask indexes this holds; the benchmark runs parallelism 2. */
    static final int MAX_SUBTASKS = 64;

    // Fields of a slot; a slot spans 8 longs (64 bytes) so that two subtasks' slots share no cache line.
    private static final int COUNT = 0;
    private static final int CHECKSUM = 1;
    private static final int FIRST_NS = 2;
    private static final int LAST_NS = 3;
    private static final int STRIDE = 8;

    private final AtomicLongArray slots = new AtomicLongArray(MAX_SUBTASKS * STRIDE);

    /** Forgets everything; call only while no job writes. */
    void reset() {
        for (int i = 0; i < slots.length(); i++) {
            slots.set(i, 0);
        }
    }

    /**
     * Publishes {@code subtask}'s running totals at {@code nowNs}. Only that subtask's task thread calls it.
     *
     * @throws IllegalArgumentException when {@code subtask} is not below {@link #MAX_SUBTASKS}
     */
    void publish(int subtask, long count, long checksum, long nowNs) {
        if (subtask < 0 || subtask >= MAX_SUBTASKS) {
            throw new IllegalArgumentException("subtask " + subtask + " outside 0.." + (MAX_SUBTASKS - 1));
        }
        int base = subtask * STRIDE;
        if (slots.get(base + FIRST_NS) == 0) {            // single writer: no CAS needed
            slots.setRelease(base + FIRST_NS, nowNs);
        }
        // Checksum before count, both release stores: a reader that sees a count (acquire) also sees the
        // checksum published with it or a later one, never an older one.
        slots.setRelease(base + CHECKSUM, checksum);
        slots.setRelease(base + LAST_NS, nowNs);
        slots.setRelease(base + COUNT, count);
    }

    /** The records published by all subtasks. */
    long count() {
        return sum(COUNT);
    }

    /** The checksums published by all subtasks; read it after {@link #count()} reached what was expected. */
    long checksum() {
        return sum(CHECKSUM);
    }

    /** How many subtasks published at least once. */
    int subtasksPublished() {
        int n = 0;
        for (int s = 0; s < MAX_SUBTASKS; s++) {
            if (slots.getAcquire(s * STRIDE + FIRST_NS) != 0) {
                n++;
            }
        }
        return n;
    }

    /** The earliest first publication of any subtask, 0 before any. */
    long firstNs() {
        long first = 0;
        for (int s = 0; s < MAX_SUBTASKS; s++) {
            long t = slots.getAcquire(s * STRIDE + FIRST_NS);
            if (t != 0 && (first == 0 || t - first < 0)) {
                first = t;
            }
        }
        return first;
    }

    /** The latest publication of any subtask, 0 before any. */
    long lastNs() {
        long last = 0;
        for (int s = 0; s < MAX_SUBTASKS; s++) {
            long t = slots.getAcquire(s * STRIDE + LAST_NS);
            if (t != 0 && (last == 0 || t - last > 0)) {
                last = t;
            }
        }
        return last;
    }

    /** A throughput measurement of what was published, first to latest publication. */
    Measurement throughput(String variant) {
        return Measurement.throughput(variant, count(), checksum(), firstNs(), lastNs());
    }

    private long sum(int field) {
        long sum = 0;
        for (int s = 0; s < MAX_SUBTASKS; s++) {
            sum += slots.getAcquire(s * STRIDE + field);
        }
        return sum;
    }
}
