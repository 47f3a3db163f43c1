package io.jetway.benchmarks.e2e;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Throughput measured within one pass after a warm-up deadline: a daemon thread reads a progress counter
 * once the deadline has passed, and the rate runs from that point to the last record. For passes long
 * enough to warm up in (a keyed count over millions of records), so that warm-up and measurement share one
 * pass instead of a whole warm-up pass.
 */
final class RateWindow implements AutoCloseable {

    /** A window shorter than this is too short to measure: the pass then counts as warm-up only. */
    static final long MIN_MEASURED_NS = 5_000_000_000L;

    private final Thread sampler;
    private volatile long startNs;
    private volatile long startCount;

    /** Starts watching {@code count}; the window opens at {@code fromNs} (at once if that has passed). */
    RateWindow(LongSupplier count, long fromNs) {
        sampler = new Thread(() -> {
            long wait;
            while ((wait = fromNs - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
            }
            startCount = count.getAsLong();
            startNs = System.nanoTime();
        }, "rate-window");
        sampler.setDaemon(true);
        sampler.start();
    }

    /**
     * The throughput between the opening of the window and the last record, or {@code -1} when a window
     * opened within the pass is shorter than {@link #MIN_MEASURED_NS}. A window that opened before the first
     * record is the whole pass, measured whatever its length.
     */
    double rate(long records, long firstNs, long lastNs) {
        close();
        long fromNs = startNs;
        long fromCount = startCount;
        if (fromNs == 0 || fromCount >= records) {
            return -1;                                   // the window opened after the last record
        }
        if (fromCount == 0 || fromNs < firstNs) {
            // warmed up before this pass: measure all of it, however short (a fast job's whole pass may take
            // less than the minimum window, and another pass would be just as short)
            return lastNs - firstNs <= 0 ? -1 : (records - 1) * 1e9 / (lastNs - firstNs);
        }
        return lastNs - fromNs < MIN_MEASURED_NS ? -1 : (records - fromCount) * 1e9 / (lastNs - fromNs);
    }

    @Override
    public void close() {
        sampler.interrupt();
        try {
            sampler.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
