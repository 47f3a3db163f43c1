package io.jetway.benchmarks.e2e;

import com.hazelcast.jet.core.AbstractProcessor;
import io.jetway.benchmarks.Checksums;
import io.jetway.benchmarks.proto.Event;
import org.HdrHistogram.Recorder;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The sink of the latency run: for each {@link Event} it records {@code System.nanoTime() - sent_nanos} (the
 * event's intended send time, taken in this JVM, so a producer that falls behind shows up as latency) in
 * microseconds into {@link #LATENCY_US}, once the event's sequence number reaches {@link #measureFromSeq},
 * and counts and checksums every event.
 */
final class LatencySinkP extends AbstractProcessor {

    /** End-to-end latencies of the measured events, in microseconds. */
    static final Recorder LATENCY_US = new Recorder(3);
    static final AtomicLong COUNT = new AtomicLong();
    static final AtomicLong CHECKSUM = new AtomicLong();
    /** Events before this sequence number are the warm-up and not recorded. */
    static volatile long measureFromSeq;
    /** Events per second of the run, to bucket {@link #MAX_LATENCY_US_BY_SECOND}. */
    static volatile int rate;
    /** The highest latency of the events sent in each second of the run (a timeline for the log). */
    static volatile AtomicLongArray MAX_LATENCY_US_BY_SECOND = new AtomicLongArray(0);

    @Override
    protected boolean tryProcess(int ordinal, Object item) {
        Event e = (Event) item;
        long now = System.nanoTime();
        long latencyUs = Math.max(0, now - e.getSentNanos()) / 1000;
        if (e.getSeq() >= measureFromSeq) {
            LATENCY_US.recordValue(latencyUs);
        }
        int second = (int) (e.getSeq() / rate);
        AtomicLongArray timeline = MAX_LATENCY_US_BY_SECOND;
        if (second < timeline.length()) {
            timeline.accumulateAndGet(second, latencyUs, Math::max);
        }
        CHECKSUM.addAndGet(Checksums.mix(e.getSeq()));
        COUNT.incrementAndGet();
        return true;
    }

    @Override
    public boolean isCooperative() {
        return true;
    }
}
