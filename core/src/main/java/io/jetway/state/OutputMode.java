package io.jetway.state;

/**
 * What a keyed stateful stage emits ({@link StateConfig#outputMode(OutputMode)}).
 * <p>
 * {@link #NEWEST_PER_SNAPSHOT} is what Kafka Streams' record cache does at each commit: every key whose state
 * changed since the last snapshot gets its newest output once, emitted right before the snapshot's barrier.
 * Under exactly-once the result is the same as {@link #EVERY_UPDATE} for every reader of the output: the
 * sink's transaction becomes visible at the snapshot's commit, which holds each key's newest output. Use it
 * when downstream wants the current value per key (a compacted topic, an {@code IMap}), with many updates
 * per key between snapshots: the output shrinks to at most one record per changed key per snapshot. Do not
 * use it when each update matters downstream (an event per change, an audit trail).
 */
public enum OutputMode {

    /** One output per input the function answers (the default). */
    EVERY_UPDATE,

    /**
     * Each changed key's newest output, once per snapshot: held back in memory (one entry per changed key)
     * and emitted before the snapshot's barrier. A job without snapshots (processing guarantee NONE) emits
     * them every second, and at the end of a batch job. In keyed-edge mode a watermark arriving also emits
     * them first (outputs keep their timestamps and never fall behind a watermark), so the saving shrinks as
     * watermarks get frequent. Aligned mode needs a source without timestamps
     * ({@code withoutTimestamps()}, or {@code EventTimePolicy.noEventTime()}). Not for windows, which emit
     * once per window anyway.
     */
    NEWEST_PER_SNAPSHOT
}
