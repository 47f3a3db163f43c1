package io.jetway.internal.snapshot;

import com.hazelcast.logging.ILogger;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Once per JVM, when the common {@link ForkJoinPool} has a parallelism of 1 (a machine or container with 2 or fewer
 * CPUs, unless set otherwise): Hazelcast then completes each asynchronous callback on a thread it starts for it,
 * among them the callback of every snapshot chunk Jet puts into the snapshot map; a keyed job writes one chunk per
 * partition (about 280), and in Jetway's benchmarks its snapshot phase 1, during which a keyed processor does not
 * process, took 0.5–1.1 s instead of 0.05–0.12 s ({@code benchmarks/results/keyed-edge-phase1-2026-12-06.md}).
 * Unless {@value #POOL_PROPERTY}{@code =off}, Jetway gives those callbacks a pool of {@value
 * HazelcastCallbackPool#THREADS} threads instead ({@link HazelcastCallbackPool}), what {@value #REMEDY} gives them
 * through the common pool, and logs that it did; otherwise, or when someone else already replaced Hazelcast's
 * executor, it warns with the remedy.
 */
public final class CallbackPoolCheck {

    /** The JVM option that gives the common pool, and so Hazelcast's callbacks, more than one thread. */
    public static final String REMEDY = "-Djava.util.concurrent.ForkJoinPool.common.parallelism=4";

    /** System property: {@code off} keeps Hazelcast's thread per callback (and only warns). */
    public static final String POOL_PROPERTY = "jetway.hazelcast.callbackPool";

    private static final AtomicBoolean CHECKED = new AtomicBoolean();

    private CallbackPoolCheck() {
    }

    /**
     * The first call in a JVM gives Hazelcast's callbacks a pool where they would each start a thread, and logs
     * what it did to {@code logger}; later calls do nothing.
     */
    public static void checkOnce(ILogger logger) {
        if (!CHECKED.compareAndSet(false, true)) {
            return;
        }
        int parallelism = ForkJoinPool.getCommonPoolParallelism();
        if (parallelism > 1) {
            return;
        }
        int processors = Runtime.getRuntime().availableProcessors();
        boolean wanted = !"off".equalsIgnoreCase(System.getProperty(POOL_PROPERTY, ""));
        if (wanted && HazelcastCallbackPool.installIfThreadPerCallback()) {
            logger.info(installed(parallelism, processors));
        } else {
            logger.warning(warning(parallelism, processors, wanted));
        }
    }

    /** What the check logs after giving the callbacks a pool. */
    static String installed(int parallelism, int processors) {
        return commonPool(parallelism, processors) + " would complete each asynchronous callback on a new thread, "
                + "among them one per snapshot chunk, which slows a keyed stateful job's snapshot phase 1 (its keyed "
                + "processors pause meanwhile) from about 0.1 s to about 1 s; Jetway gave those callbacks a pool of "
                + HazelcastCallbackPool.THREADS + " threads (as " + REMEDY + " would). Set -D" + POOL_PROPERTY
                + "=off to keep Hazelcast's default.";
    }

    /** What the check logs when it left Hazelcast's executor alone: {@code poolWanted} unless set off. */
    static String warning(int parallelism, int processors, boolean poolWanted) {
        return commonPool(parallelism, processors) + " completes each asynchronous callback on a new thread, among "
                + "them one per snapshot chunk: a keyed stateful job's snapshot phase 1, during which its keyed "
                + "processors pause, can take about 1 s instead of about 0.1 s"
                + (poolWanted ? " (Jetway left Hazelcast's executor alone: it was replaced already)" : "")
                + ". Start the members with " + REMEDY + ".";
    }

    private static String commonPool(int parallelism, int processors) {
        return "The JVM's common ForkJoinPool has " + parallelism + " thread (" + processors + " available "
                + "processors), so Hazelcast";
    }
}
