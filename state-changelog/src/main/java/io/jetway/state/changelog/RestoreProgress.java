package io.jetway.state.changelog;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ObjLongConsumer;

/**
 * Progress of a restore, updated by the restoring threads and read by the logging thread and Jet's
 * metrics thread (all fields atomic or volatile).
 */
final class RestoreProgress {

    private final AtomicLong records = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong offsetsToGo = new AtomicLong();
    private final AtomicInteger partitionsDone = new AtomicInteger();
    private final AtomicLong emptyPollNanos = new AtomicLong();
    private final AtomicLong firstRecordNanos = new AtomicLong(-1);
    private volatile int partitions;
    private volatile long startNanos;
    private volatile long durationNanos = -1;

    /** Starts counting a restore of {@code partitionCount} partitions spanning {@code offsets} offsets. */
    void start(int partitionCount, long offsets) {
        partitions = partitionCount;
        offsetsToGo.set(offsets);
        startNanos = System.nanoTime();
    }

    /** Records applied to a local store. */
    void applied(long recordCount, long byteCount) {
        if (recordCount > 0 && firstRecordNanos.get() < 0) {
            firstRecordNanos.compareAndSet(-1, System.nanoTime() - startNanos);
        }
        records.addAndGet(recordCount);
        bytes.addAndGet(byteCount);
    }

    /** A consumer position moved forward by {@code offsets} within the range to restore. */
    void advanced(long offsets) {
        offsetsToGo.addAndGet(-offsets);
    }

    /**
     * A consumer's poll returned no record after {@code nanos}: it waited for the broker (fetch latency, or a
     * last stable offset held back by an open transaction).
     */
    void polledNothing(long nanos) {
        emptyPollNanos.addAndGet(nanos);
    }

    void partitionDone() {
        partitionsDone.incrementAndGet();
    }

    void finish() {
        durationNanos = System.nanoTime() - startNanos;
    }

    long records() {
        return records.get();
    }

    /** Reports the metrics {@code changelog.restore.*}. */
    void collect(ObjLongConsumer<String> metrics) {
        metrics.accept("changelog.restore.records", records.get());
        metrics.accept("changelog.restore.bytes", bytes.get());
        metrics.accept("changelog.restore.offsetsToGo", Math.max(0, offsetsToGo.get()));
        metrics.accept("changelog.restore.partitionsDone", partitionsDone.get());
        metrics.accept("changelog.restore.partitions", partitions);
        long duration = durationNanos;
        metrics.accept("changelog.restore.millis", duration < 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(duration));
        metrics.accept("changelog.restore.emptyPollMillis", TimeUnit.NANOSECONDS.toMillis(emptyPollNanos.get()));
    }

    @Override
    public String toString() {
        long duration = durationNanos >= 0 ? durationNanos : System.nanoTime() - startNanos;
        double seconds = duration / 1e9;
        long first = firstRecordNanos.get();
        return String.format(Locale.ROOT, "%d/%d partitions done, %d records (%.1f MB) applied, %d offsets to go, "
                        + "%.1f s, %.0f records/s; first record after %s, polls that returned nothing %.2f s (summed "
                        + "over the restore consumers)", partitionsDone.get(), partitions, records.get(),
                bytes.get() / 1e6, Math.max(0, offsetsToGo.get()), seconds, seconds > 0 ? records.get() / seconds : 0.0,
                first < 0 ? "none yet" : String.format(Locale.ROOT, "%.2f s", first / 1e9), emptyPollNanos.get() / 1e9);
    }
}
