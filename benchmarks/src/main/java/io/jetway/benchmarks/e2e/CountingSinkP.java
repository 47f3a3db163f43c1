package io.jetway.benchmarks.e2e;

import com.hazelcast.jet.core.AbstractProcessor;
import com.hazelcast.jet.core.Inbox;
import io.jetway.benchmarks.Checksums;
import io.jetway.benchmarks.proto.Event;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A cooperative sink that counts items and adds up their checksums: a {@code Long} item is a value's CRC, an
 * {@link Event} adds {@code mix(seq)}, a {@code (key, count)} entry adds its count (see {@link Check}). It
 * publishes per inbox batch, with the time of the first and the latest batch, to {@link #PROGRESS}: the
 * benchmark runs its members in its own JVM and reads it there.
 */
final class CountingSinkP extends AbstractProcessor {

    /** What all sink processors of this JVM have seen since the last {@link Progress#reset()}. */
    static final Progress PROGRESS = new Progress();

    /** Counters shared by the sink processors. */
    static final class Progress {
        final AtomicLong count = new AtomicLong();
        final AtomicLong checksum = new AtomicLong();
        final AtomicLong firstNs = new AtomicLong();
        final AtomicLong lastNs = new AtomicLong();

        void reset() {
            count.set(0);
            checksum.set(0);
            firstNs.set(0);
            lastNs.set(0);
        }

        /** The throughput measurement of what was counted. */
        Measurement measurement(String variant) {
            return Measurement.throughput(variant, count.get(), checksum.get(), firstNs.get(), lastNs.get());
        }
    }

    private long localCount;
    private long localChecksum;

    @Override
    protected boolean tryProcess(int ordinal, Object item) {
        localCount++;
        localChecksum += checksumOf(item);
        return true;
    }

    static long checksumOf(Object item) {
        if (item instanceof Event e) {
            return Checksums.mix(e.getSeq());
        }
        if (item instanceof Long crc) {
            return crc;
        }
        if (item instanceof Map.Entry<?, ?> e) {
            return (Long) e.getValue();
        }
        throw new IllegalArgumentException("Unexpected item " + item);
    }

    @Override
    public boolean isCooperative() {
        return true;
    }

    @Override
    public void process(int ordinal, Inbox inbox) {
        super.process(ordinal, inbox);
        publish();
    }

    private void publish() {
        if (localCount == 0) {
            return;
        }
        long now = System.nanoTime();
        PROGRESS.firstNs.compareAndSet(0, now);
        PROGRESS.checksum.addAndGet(localChecksum);
        PROGRESS.count.addAndGet(localCount);
        PROGRESS.lastNs.accumulateAndGet(now, Math::max);
        localCount = 0;
        localChecksum = 0;
    }
}
