package io.jetway.internal.sync;

import com.hazelcast.cache.ICache;
import com.hazelcast.function.FunctionEx;
import com.hazelcast.jet.JetException;
import com.hazelcast.jet.core.AbstractProcessor;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Upserts items into an {@link ICache} (a {@code null} value removes the key). JCache has no transactions,
 * so writes are at-least-once; because they are upserts and removals applied in order per key, a replay
 * after a restore writes the same values again and the cache ends in the exact state. Writes are
 * asynchronous with a bounded number in flight; a snapshot waits until all are acknowledged, and the
 * first failure fails the job.
 */
public final class CacheSyncSinkP<T, K, V> extends AbstractProcessor {

    private static final int MAX_IN_FLIGHT = 1024;

    private final String cacheName;
    private final FunctionEx<? super T, ? extends K> keyFn;
    private final FunctionEx<? super T, ? extends V> valueFn;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicReference<Throwable> firstError = new AtomicReference<>();
    private ICache<K, V> cache;

    /** A sink writing to cache {@code cacheName}. */
    public CacheSyncSinkP(String cacheName, FunctionEx<? super T, ? extends K> keyFn,
                          FunctionEx<? super T, ? extends V> valueFn) {
        this.cacheName = cacheName;
        this.keyFn = keyFn;
        this.valueFn = valueFn;
    }

    @Override
    protected void init(Context context) {
        cache = context.hazelcastInstance().getCacheManager().getCache(cacheName);
    }

    @Override
    @SuppressWarnings("unchecked")
    protected boolean tryProcess(int ordinal, Object item) {
        checkError();
        if (inFlight.get() >= MAX_IN_FLIGHT) {
            return false;
        }
        T t = (T) item;
        K key = keyFn.apply(t);
        V value = valueFn.apply(t);
        inFlight.incrementAndGet();
        CompletionStage<?> write = value == null ? cache.removeAsync(key) : cache.putAsync(key, value);
        write.whenComplete((r, e) -> {
            if (e != null) {
                firstError.compareAndSet(null, e);
            }
            inFlight.decrementAndGet();
        });
        return true;
    }

    @Override
    public boolean saveToSnapshot() {
        checkError();
        return inFlight.get() == 0;
    }

    @Override
    public boolean complete() {
        checkError();
        return inFlight.get() == 0;
    }

    private void checkError() {
        Throwable e = firstError.get();
        if (e != null) {
            throw new JetException("Writing to cache '" + cacheName + "' failed: " + e, e);
        }
    }
}
