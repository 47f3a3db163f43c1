package io.jetway.benchmarks.e2e;

import com.hazelcast.jet.core.AbstractProcessor;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A cooperative sink that counts items and adds up their checksums ({@code Long} items), with the time of
 * the first and the latest item; the benchmark runs its members in its own JVM and reads {@link #PROGRESS}.
 */
final class CountingSinkP extends AbstractProcessor {

    /** What all sink processors of this JVM have seen in the current pass. */
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
    }

    private long localCount;
    private long localChecksum;

    @Override
    protected boolean tryProcess(int ordinal, Object item) {
        localCount++;
        localChecksum += (Long) item;
        return true;
    }

    @Override
    public boolean isCooperative() {
        return true;
    }

    @Override
    public void process(int ordinal, com.hazelcast.jet.core.Inbox inbox) {
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
