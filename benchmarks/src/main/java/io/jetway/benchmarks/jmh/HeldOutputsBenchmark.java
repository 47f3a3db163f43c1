package io.jetway.benchmarks.jmh;

import io.jetway.internal.state.HeldOutputsHarness;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;


/**
 * The hold path of a keyed stage in {@code OutputMode.NEWEST_PER_SNAPSHOT} ({@code core}'s {@code HeldOutputs},
 * through {@link HeldOutputsHarness}): each operation holds a new output (pre-allocated, so that only the hold
 * path's own allocation is measured) for the next of {@code keys} pre-boxed keys, cycling through them. Every
 * {@code keys × holdsPerKey} operations the held outputs are released and drained, as before a snapshot
 * barrier; {@code holdsPerKey = 0} never releases, so every key is already held (held once in the set-up)
 * and every operation replaces a held output. What a hold should allocate: nothing for a key already held in
 * the epoch; the map entry the first time a key is held in an epoch.
 * <pre>java -jar benchmarks/target/benchmarks.jar HeldOutputs -prof gc</pre>
 */
public class HeldOutputsBenchmark extends ShortRunBenchmark {

    /** The working set of keys, a power of two. */
    @Param({"1024", "131072"})
    public int keys;

    /** Holds per key between two releases; 0: never released. */
    @Param({"0", "1", "16"})
    public int holdsPerKey;

    private HeldOutputsHarness held;
    private Long[] keyObjects;
    // two outputs per key, alternating, so each hold replaces the held output with another object
    private Long[] outputs;
    private long releaseEvery;
    private long sinceRelease;
    private int next;

    @Setup
    public void setUp() {
        if (Integer.bitCount(keys) != 1) {
            throw new IllegalArgumentException("keys must be a power of two: " + keys);
        }
        keyObjects = new Long[keys];
        outputs = new Long[2 * keys];
        for (int i = 0; i < keys; i++) {
            keyObjects[i] = (long) i * 0x9E37_79B9L;
        }
        for (int i = 0; i < outputs.length; i++) {
            outputs[i] = 1_000_000_000L + i;
        }
        held = new HeldOutputsHarness();
        for (int i = 0; i < keys; i++) {
            held.hold(keyObjects[i], outputs[i]);
        }
        releaseEvery = (long) keys * holdsPerKey;
        if (releaseEvery > 0) {
            held.releaseAndDrain();    // one epoch done: the map's table and the queue have their final size
        }
    }

    /** Holds the next output; releases every {@code keys × holdsPerKey} operations (never with 0). */
    @Benchmark
    public int hold() {
        int n = next++;
        held.hold(keyObjects[n & (keys - 1)], outputs[n & (2 * keys - 1)]);
        if (++sinceRelease == releaseEvery) {
            sinceRelease = 0;
            return held.releaseAndDrain();
        }
        return 0;
    }
}
