package io.jetway.internal.state;

import com.hazelcast.function.FunctionEx;
import com.hazelcast.function.ToLongFunctionEx;
import com.hazelcast.internal.metrics.MetricDescriptor;
import com.hazelcast.internal.metrics.MetricsCollectionContext;
import com.hazelcast.internal.metrics.ProbeLevel;
import com.hazelcast.internal.metrics.ProbeUnit;
import com.hazelcast.jet.JetException;
import com.hazelcast.jet.aggregate.AggregateOperation1;
import com.hazelcast.jet.core.SlidingWindowPolicy;
import com.hazelcast.jet.core.Watermark;
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
public final class KeyedSlidingWindowP<T, K, A, R> extends AbstractKeyedStateP<K, WindowFrames> {

    private final SlidingWindowPolicy policy;
    private final AggregateOperation1<? super T, A, ? extends R> operation;
    private final ToLongFunctionEx<? super T> timestampFn;
    private final boolean wrapOutputs;
    private final DueIndex<K> due = new DueIndex<>();
    private long currentWm = Long.MIN_VALUE;
    private boolean watermarkInProgress;
    private long lateItems;

    /**
     * A processor.
     *
     * @param timestampFn event time of an item; {@code null} to take it from Pipeline {@link JetEvent}s
     * @param wrapOutputs whether to emit outputs as {@link JetEvent}s (Pipeline stages with timestamps)
     */
    public KeyedSlidingWindowP(StateConfig config, StateBackendFactory factory, FunctionEx<? super T, ? extends K> keyFn,
                               ToLongFunctionEx<? super T> timestampFn, SlidingWindowPolicy policy,
                               AggregateOperation1<? super T, A, ? extends R> operation, boolean wrapOutputs) {
        super(config, factory, keyFn);
        if (!policy.isTumbling() && operation.combineFn() == null) {
            throw new IllegalArgumentException("A sliding window needs an aggregate operation with a combine function");
        }
        this.policy = policy;
        this.operation = operation;
        this.timestampFn = timestampFn;
        this.wrapOutputs = wrapOutputs;
    }

    @Override
    protected void onReady() {
        for (KeyedStateStore<K, WindowFrames> store : ownedStores()) {
            store.forEach((key, frames) -> due.set(key, dueOf(frames)));
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    protected boolean tryProcess(int ordinal, Object item) throws Exception {
        if (!ensureReady()) {
            return false;
        }
        T t;
        long ts;
        if (item instanceof JetEvent<?> event) {
            t = (T) event.payload();
            ts = timestampFn != null ? timestampFn.applyAsLong(t) : event.timestamp();
        } else {
            t = (T) item;
            if (timestampFn == null) {
                throw new JetException(where() + ": items carry no event time; give a timestamp function");
            }
            ts = timestampFn.applyAsLong(t);
        }
        if (ts < currentWm) {
            lateItems++;
            return true;
        }
        K key = keyFn.apply(t);
        KeyedStateStore<K, WindowFrames> store = storeOf(key);
        WindowFrames frames = store.get(key);
        if (frames == null) {
            frames = new WindowFrames();
        }
        long frameStart = policy.floorFrameTs(ts);
        if (frameStart + policy.windowSize() <= frames.emittedUpTo()) {
            lateItems++;
            return true;
        }
        A acc = (A) frames.accFor(frameStart, operation.createFn());
        operation.accumulateFn().accept(acc, t);
        store.put(key, frames);
        due.set(key, dueOf(frames));
        return true;
    }

    @Override
    protected long currentWatermark() {
        return currentWm;
    }

    @Override
    protected void restoreWatermark(long watermark) {
        currentWm = watermark;
    }

    @Override
    public boolean tryProcessWatermark(Watermark watermark) {
        if (!ensureReady()) {
            return false;
        }
        if (!watermarkInProgress) {
            currentWm = Math.max(currentWm, watermark.timestamp());
            for (K key : due.pollDue(currentWm)) {
                emitDueWindows(key, currentWm);
            }
            queueOutput(watermark);
            watermarkInProgress = true;
        }
        if (!drainOutputs()) {
            return false;
        }
        watermarkInProgress = false;
        return true;
    }

    private void emitDueWindows(K key, long wm) {
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
        if (frames.size() == 0) {
            store.remove(key);
            due.set(key, Long.MAX_VALUE);
        } else {
            store.put(key, frames);
            due.set(key, dueOf(frames));
        }
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
            queueOutput(wrapOutputs ? JetEvent.jetEvent(end - 1, result) : result);
        }
    }

    /** When the earliest window of {@code frames} not yet emitted closes. */
    private long dueOf(WindowFrames frames) {
        if (frames.size() == 0) {
            return Long.MAX_VALUE;
        }
        long first = frames.start(0) + policy.frameSize();
        return frames.emittedUpTo() == Long.MIN_VALUE ? first
                : Math.max(first, frames.emittedUpTo() + policy.frameSize());
    }

    @Override
    public void provideDynamicMetrics(MetricDescriptor descriptor, MetricsCollectionContext context) {
        super.provideDynamicMetrics(descriptor, context);
        context.collect(descriptor, "lateItemsDropped", ProbeLevel.INFO, ProbeUnit.COUNT, lateItems);
    }
}
