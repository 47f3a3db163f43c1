package io.jetway.internal.state;

import com.hazelcast.jet.config.ProcessingGuarantee;
import io.jetway.state.OutputMode;
import io.jetway.state.StateConfig;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The outputs a stage in {@link OutputMode#NEWEST_PER_SNAPSHOT} holds back: the newest per key, in the order
 * the keys first changed, until {@link #releaseTo released} before a snapshot's barrier. A job without
 * snapshots releases them every second. One map entry per changed key and snapshot; holding the output of a
 * key already held allocates nothing.
 */
final class HeldOutputs {

    private static final long RELEASE_INTERVAL_WITHOUT_SNAPSHOTS_NANOS = TimeUnit.SECONDS.toNanos(1);

    // insertion order: a key whose equals is identity still gets its outputs out in the order they were made
    private final LinkedHashMap<Object, Object> newest = new LinkedHashMap<>();
    private long releaseIntervalNanos = Long.MAX_VALUE;
    private long lastRelease;

    private HeldOutputs() {
    }

    /** Held outputs for a stage configured with {@code config}, or {@code null} when it emits every update. */
    static HeldOutputs of(StateConfig config) {
        return config.outputMode() == OutputMode.NEWEST_PER_SNAPSHOT ? new HeldOutputs() : null;
    }

    /** Sets the release interval from the job's guarantee: timed releases only when there are no snapshots. */
    void init(ProcessingGuarantee guarantee, long nowNanos) {
        releaseIntervalNanos = guarantee == ProcessingGuarantee.NONE ? RELEASE_INTERVAL_WITHOUT_SNAPSHOTS_NANOS
                : Long.MAX_VALUE;
        lastRelease = nowNanos;
    }

    /** Holds {@code output} as {@code key}'s newest, replacing the one held before. */
    void hold(Object key, Object output) {
        newest.put(key, output);
    }

    /** Whether the timed release of a job without snapshots is due. */
    boolean releaseDue(long nowNanos) {
        return !newest.isEmpty() && nowNanos - lastRelease >= releaseIntervalNanos;
    }

    /** Adds every held output to the end of {@code into}, in order, and holds nothing after. */
    void releaseTo(Collection<Object> into, long nowNanos) {
        if (!newest.isEmpty()) {
            into.addAll(newest.values());
            newest.clear();
        }
        lastRelease = nowNanos;
    }
}
