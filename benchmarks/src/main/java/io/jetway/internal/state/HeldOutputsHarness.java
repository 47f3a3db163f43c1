package io.jetway.internal.state;

import com.hazelcast.jet.config.ProcessingGuarantee;
import io.jetway.state.OutputMode;
import io.jetway.state.StateConfig;

import java.util.ArrayDeque;

/**
 * Benchmark access to {@code core}'s package-private {@link HeldOutputs} (this class shares its package on the
 * class path; it is not part of {@code core}), used as {@link AbstractKeyedStateP} uses it in
 * {@link OutputMode#NEWEST_PER_SNAPSHOT} for an exactly-once job: outputs held per key, released before a
 * snapshot into a queue of pending outputs, which the outbox then empties.
 */
public final class HeldOutputsHarness {

    private final HeldOutputs held = HeldOutputs.of(StateConfig.heap().outputMode(OutputMode.NEWEST_PER_SNAPSHOT));
    private final ArrayDeque<Object> pendingOutputs = new ArrayDeque<>();

    /** Held outputs of an exactly-once stage (released by snapshots only). */
    public HeldOutputsHarness() {
        held.init(ProcessingGuarantee.EXACTLY_ONCE, System.nanoTime());
    }

    /** Holds {@code output} as {@code key}'s newest ({@code AbstractKeyedStateP.holdOutput}). */
    public void hold(Object key, Object output) {
        held.hold(key, output);
    }

    /**
     * Releases every held output into the pending queue, as before a snapshot barrier, and empties the queue
     * as an outbox accepting every item would; returns how many were released.
     */
    public int releaseAndDrain() {
        held.releaseTo(pendingOutputs, System.nanoTime());
        int released = 0;
        while (pendingOutputs.pollFirst() != null) {
            released++;
        }
        return released;
    }
}
