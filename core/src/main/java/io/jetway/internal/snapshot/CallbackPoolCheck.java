package io.jetway.internal.snapshot;

import com.hazelcast.logging.ILogger;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Warns once per JVM when the common {@link ForkJoinPool} has a parallelism of 1 (a machine or container with
 * 2 or fewer CPUs, unless set otherwise). Hazelcast then completes each asynchronous callback on a thread of its
 * own, among them the callback of every snapshot chunk Jet puts into the snapshot map; a keyed job writes one
 * chunk per partition (about 280), and in Jetway's benchmarks its snapshot phase 1, during which a keyed
 * processor does not process, took 0.5–1.1 s instead of 0.05–0.12 s
 * ({@code benchmarks/results/keyed-edge-phase1-2026-12-06.md}). Hazelcast reads the pool when it starts, so the
 * remedy is a JVM option of the member: {@value #REMEDY}.
 */
public final class CallbackPoolCheck {

    /** The JVM option that gives the common pool, and so Hazelcast's callbacks, more than one thread. */
    public static final String REMEDY = "-Djava.util.concurrent.ForkJoinPool.common.parallelism=4";

    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private CallbackPoolCheck() {
    }

    /** Logs the warning to {@code logger} if the common pool has one thread and no processor of this JVM did yet. */
    public static void warnOnceIfSingleThreaded(ILogger logger) {
        String warning = warning(ForkJoinPool.getCommonPoolParallelism(), Runtime.getRuntime().availableProcessors());
        if (warning != null && WARNED.compareAndSet(false, true)) {
            logger.warning(warning);
        }
    }

    /** The warning for a common pool of {@code parallelism} threads on {@code processors} CPUs, {@code null} if none. */
    static String warning(int parallelism, int processors) {
        if (parallelism > 1) {
            return null;
        }
        return "The JVM's common ForkJoinPool has " + parallelism + " thread (" + processors + " available "
                + "processors), so Hazelcast completes each asynchronous callback on a new thread, among them one per "
                + "snapshot chunk: a keyed stateful job's snapshot phase 1, during which its keyed processors pause, "
                + "can take about 1 s instead of about 0.1 s. Start the members with " + REMEDY + ".";
    }
}
