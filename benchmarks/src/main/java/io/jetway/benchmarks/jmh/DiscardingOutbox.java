package io.jetway.benchmarks.jmh;

import com.hazelcast.jet.core.Outbox;
import org.openjdk.jmh.infra.Blackhole;

/** An outbox that takes every item and hands it to JMH's {@link Blackhole}: a sink with no cost of its own. */
final class DiscardingOutbox implements Outbox {

    private final Blackhole blackhole;

    DiscardingOutbox(Blackhole blackhole) {
        this.blackhole = blackhole;
    }

    @Override
    public int bucketCount() {
        return 1;
    }

    @Override
    public boolean offer(int ordinal, Object item) {
        blackhole.consume(item);
        return true;
    }

    @Override
    public boolean offer(int[] ordinals, Object item) {
        blackhole.consume(item);
        return true;
    }

    @Override
    public boolean offerToSnapshot(Object key, Object value) {
        return true;
    }

    @Override
    public boolean hasUnfinishedItem() {
        return false;
    }
}
