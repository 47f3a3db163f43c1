package io.jetway.internal.state;

import com.hazelcast.function.FunctionEx;
import com.hazelcast.function.ToLongFunctionEx;
import com.hazelcast.jet.aggregate.AggregateOperation1;
import com.hazelcast.jet.core.SlidingWindowPolicy;
import com.hazelcast.jet.datamodel.KeyedWindowResult;
import com.hazelcast.jet.impl.JetEvent;
import io.jetway.spi.state.KeyedStateStore;
import io.jetway.spi.state.StateBackendFactory;
import io.jetway.state.StateConfig;


/**
 * Tumbling and sliding event-time windows per key, with the per-key frames in a state backend. Items add
 * to the accumulator of their frame; a watermark emits, for every key due, each window that ended at or
 * before it as a {@link KeyedWindowResult} (empty windows are not emitted), drops the frames no later
 * window needs, and removes keys with nothing left. Items older than the watermark, or whose windows the
 * key has already emitted, are late and dropped (counted in the metric {@code lateItemsDropped}).
 * An in-memory {@link DueIndex} says which keys to visit; it is rebuilt from the stores after a restore.
 */
public final class KeyedSlidingWindowP<T, K, A, R> extends AbstractKeyedWindowP<T, K, WindowFrames> {

    private final SlidingWindowPolicy policy;
    private final AggregateOperation1<? super T, A, ? extends R> operation;

    /**
     * A processor.
     *
     * @param timestampFn event time of an item; {@code null} to take it from Pipeline {@link JetEvent}s
     * @param wrapOutputs whether to emit outputs as {@link JetEvent}s (Pipeline stages with timestamps)
     */
    public KeyedSlidingWindowP(StateConfig config, StateBackendFactory factory, FunctionEx<? super T, ? extends K> keyFn,
                               ToLongFunctionEx<? super T> timestampFn, SlidingWindowPolicy policy,
                               AggregateOperation1<? super T, A, ? extends R> operation, boolean wrapOutputs) {
        super(config, factory, keyFn, timestampFn, wrapOutputs);
        if (!policy.isTumbling() && operation.combineFn() == null) {
            throw new IllegalArgumentException("A sliding window needs an aggregate operation with a combine function");
        }
        this.policy = policy;
        this.operation = operation;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected boolean accumulate(K key, T t, long ts) {
        KeyedStateStore<K, WindowFrames> store = storeOf(key);
        WindowFrames frames = store.get(key);
        if (frames == null) {
            frames = new WindowFrames();
        }
        long frameStart = policy.floorFrameTs(ts);
        if (frameStart + policy.windowSize() <= frames.emittedUpTo()) {
            return false;
        }
        A acc = (A) frames.accFor(frameStart, operation.createFn());
        operation.accumulateFn().accept(acc, t);
        save(store, key, frames);
        return true;
    }

    @Override
    protected void emitDue(K key, long wm) {
        KeyedStateStore<K, WindowFrames> store = storeOf(key);
        WindowFrames frames = store.get(key);
        if (frames == null) {
            return;
        }
        long frameSize = policy.frameSize();
        long windowSize = policy.windowSize();
        long lastEnd = policy.floorFrameTs(wm);
        long firstEnd = Math.max(frames.start(0) + frameSize,
                frames.emittedUpTo() == Long.MIN_VALUE ? Long.MIN_VALUE : frames.emittedUpTo() + frameSize);
        long maxEnd = Math.min(lastEnd, frames.start(frames.size() - 1) + windowSize);
        for (long end = firstEnd; end <= maxEnd; end += frameSize) {
            emitWindow(key, frames, end - windowSize, end);
        }
        frames.emittedUpTo(Math.max(frames.emittedUpTo(), lastEnd));
        frames.dropBefore(frames.emittedUpTo() - windowSize + frameSize);
        save(store, key, frames);
    }

    @SuppressWarnings("unchecked")
    private void emitWindow(K key, WindowFrames frames, long start, long end) {
        A combined = null;
        int inWindow = 0;
        for (int i = 0; i < frames.size(); i++) {
            long f = frames.start(i);
            if (f >= start && f < end) {
                A acc = (A) frames.acc(i);
                if (inWindow++ == 0) {
                    combined = acc;      // a tumbling window has one frame: export it as it is
                } else {
                    if (inWindow == 2) {
                        A copy = operation.createFn().get();
                        operation.combineFn().accept(copy, combined);
                        combined = copy;
                    }
                    operation.combineFn().accept(combined, acc);
                }
            }
        }
        if (combined != null) {
            KeyedWindowResult<K, R> result = new KeyedWindowResult<>(start, end, key, operation.exportFn().apply(combined));
            queueOutput(output(end - 1, result));
        }
    }

    /** When the earliest window of {@code frames} not yet emitted closes. */
    @Override
    protected long nextDue(WindowFrames frames) {
        if (frames.size() == 0) {
            return Long.MAX_VALUE;
        }
        long first = frames.start(0) + policy.frameSize();
        return frames.emittedUpTo() == Long.MIN_VALUE ? first
                : Math.max(first, frames.emittedUpTo() + policy.frameSize());
    }
}
