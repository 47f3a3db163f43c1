package io.jetway.internal.snapshot;

import com.hazelcast.internal.util.ConcurrencyUtil;

import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * Replaces Hazelcast's default executor for asynchronous callbacks ({@code ConcurrencyUtil}, a Hazelcast internal)
 * by a pool of {@value #THREADS} threads, but only where it is still Hazelcast's own thread per callback (what
 * Hazelcast chooses when the common {@link ForkJoinPool} has one thread); an executor set by anyone else is kept.
 * The pool is what Hazelcast uses on larger machines, a {@link ForkJoinPool}, with the thread count that
 * {@link CallbackPoolCheck#REMEDY} would give it; its threads are daemons, so it is never shut down.
 */
final class HazelcastCallbackPool {

    /** Threads of the pool. */
    static final int THREADS = 4;

    private HazelcastCallbackPool() {
    }

    /**
     * Installs the pool if Hazelcast's executor is its thread per callback; {@code false} when it is not, or when
     * this Hazelcast version has no such internal.
     */
    static boolean installIfThreadPerCallback() {
        try {
            synchronized (HazelcastCallbackPool.class) {
                if (!isThreadPerCallback(ConcurrencyUtil.getDefaultAsyncExecutor())) {
                    return false;
                }
                ConcurrencyUtil.setDefaultAsyncExecutor(newPool());
                return true;
            }
        } catch (LinkageError | RuntimeException e) {
            return false;       // another Hazelcast version without this internal
        }
    }

    /** Whether {@code executor} is Hazelcast's own thread per callback: a lambda of {@code ConcurrencyUtil}. */
    static boolean isThreadPerCallback(Executor executor) {
        return executor != null && executor.getClass().getName().startsWith(ConcurrencyUtil.class.getName() + "$$Lambda");
    }

    private static ForkJoinPool newPool() {
        return new ForkJoinPool(THREADS, pool -> {
            ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            thread.setName("jetway-hazelcast-callback-" + thread.getPoolIndex());
            thread.setDaemon(true);
            return thread;
        }, null, true);
    }
}
