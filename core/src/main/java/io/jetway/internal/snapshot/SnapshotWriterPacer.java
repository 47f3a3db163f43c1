package io.jetway.internal.snapshot;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.impl.JetServiceBackend;
import com.hazelcast.jet.impl.util.Util;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Holds a processor's snapshot entries back while the member's snapshot writer is busy. Jet's writer puts
 * 128 KB chunks into the snapshot map asynchronously and refuses an entry when the member already has
 * {@link JetServiceBackend#MAX_PARALLEL_ASYNC_OPS} (1,000) puts in flight; Hazelcast 5.2.0 to 5.7.0 then lose refused
 * entries (docs/snapshot-entry-loss.md). A processor that emits only while fewer than half of them are in
 * flight leaves room for what already waits in its snapshot queue, so the writer does not refuse it.
 * <p>
 * The limit is read from {@code JetServiceBackend.numConcurrentAsyncOps()}, a Hazelcast internal; where it is
 * missing the pacer never holds back (the restore check still guards). The threshold can be set with the
 * system property {@value #THRESHOLD_PROPERTY} (0 turns pacing off).
 */
public final class SnapshotWriterPacer {

    /** System property: emit only while fewer than this many snapshot chunk puts are in flight on the member. */
    public static final String THRESHOLD_PROPERTY = "jetway.snapshot.pacing.maxInFlightChunks";

    private static final SnapshotWriterPacer NEVER_HOLDS = new SnapshotWriterPacer(null, 0);

    private static final AtomicLong HOLDS = new AtomicLong();

    private final AtomicInteger inFlight;
    private final int threshold;

    private SnapshotWriterPacer(AtomicInteger inFlight, int threshold) {
        this.inFlight = inFlight;
        this.threshold = threshold;
    }

    /** The pacer of the member {@code instance}. */
    public static SnapshotWriterPacer of(HazelcastInstance instance) {
        int threshold = Integer.getInteger(THRESHOLD_PROPERTY, JetServiceBackend.MAX_PARALLEL_ASYNC_OPS / 2);
        if (threshold <= 0) {
            return NEVER_HOLDS;
        }
        try {
            JetServiceBackend jet = Util.getNodeEngine(instance).getService(JetServiceBackend.SERVICE_NAME);
            return new SnapshotWriterPacer(jet.numConcurrentAsyncOps(), threshold);
        } catch (LinkageError | RuntimeException e) {
            return NEVER_HOLDS;     // another Hazelcast version without this internal
        }
    }

    /** A pacer watching {@code inFlight} (a member's counter of snapshot chunk puts in flight). */
    static SnapshotWriterPacer watching(AtomicInteger inFlight, int threshold) {
        return new SnapshotWriterPacer(inFlight, threshold);
    }

    /** Whether an entry may go to the snapshot now. */
    public boolean mayEmit() {
        if (inFlight == null || inFlight.get() < threshold) {
            return true;
        }
        HOLDS.incrementAndGet();
        return false;
    }

    /** How often any pacer in this JVM held an entry back, for diagnostics and tests. */
    public static long holds() {
        return HOLDS.get();
    }
}
