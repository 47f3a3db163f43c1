package io.jetway.sink;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Faults to inject into the sink processors of one test job through {@link FaultInjectingP}, shared by name
 * (members run in the test JVM, so a static registry reaches every processor). Thread-safe.
 */
final class Faults {

    private static final Map<String, Faults> ALL = new ConcurrentHashMap<>();

    private final String name;

    // phase 2 failures: at most one decision per execution
    private final Map<Long, Boolean> failAllOfExecution = new ConcurrentHashMap<>();
    private final AtomicInteger phase2FailuresLeft = new AtomicInteger();
    private final AtomicInteger phase2FailuresInjected = new AtomicInteger();

    // processing stall: after this many items, until released
    private final AtomicLong itemsSeen = new AtomicLong();
    private volatile long stallAfterItems = -1;
    private volatile boolean processingReleased;
    private final AtomicInteger processingStalls = new AtomicInteger();

    // phase 2 stall: the next phase 2 with prepared items, until released
    private volatile boolean phase2StallArmed;
    private volatile boolean phase2Released;
    private volatile boolean phase2RestartInstead;
    private final AtomicInteger phase2Stalls = new AtomicInteger();

    private Faults(String name) {
        this.name = name;
    }

    /** A new, empty set of faults registered under {@code name}. */
    static Faults create(String name) {
        Faults faults = new Faults(name);
        ALL.put(name, faults);
        return faults;
    }

    static Faults get(String name) {
        Faults faults = ALL.get(name);
        if (faults == null) {
            throw new IllegalStateException("no faults named '" + name + "'");
        }
        return faults;
    }

    void unregister() {
        ALL.remove(name, this);
    }

    String name() {
        return name;
    }

    // ---- phase 2 failures

    /**
     * Fails snapshot phase 2 (before the sink commits) of the first snapshot with prepared items of each of
     * the next {@code count} executions: in every second one in every sink processor, in the others only in
     * the first processor that gets there (the rest commit normally).
     */
    void failPhase2(int count) {
        phase2FailuresLeft.set(count);
    }

    int phase2FailuresInjected() {
        return phase2FailuresInjected.get();
    }

    boolean shouldFailPhase2(long executionId) {
        Boolean all = failAllOfExecution.get(executionId);
        if (all != null) {
            return all;
        }
        synchronized (this) {
            if (failAllOfExecution.containsKey(executionId)) {
                return failAllOfExecution.get(executionId);
            }
            if (phase2FailuresLeft.get() <= 0) {
                failAllOfExecution.put(executionId, false);
                return false;
            }
            phase2FailuresLeft.decrementAndGet();
            int injected = phase2FailuresInjected.incrementAndGet();
            failAllOfExecution.put(executionId, injected % 2 == 1);
            return true;
        }
    }

    // ---- processing stall

    /** Every sink processor stops taking items once {@code items} more items reached the sink, until released. */
    void stallProcessingAfter(long items) {
        processingReleased = false;
        stallAfterItems = itemsSeen.get() + items;
    }

    void releaseProcessing() {
        processingReleased = true;
    }

    boolean processingStalled() {
        long after = stallAfterItems;
        boolean stalled = after >= 0 && !processingReleased && itemsSeen.get() >= after;
        if (stalled && processingStalls.get() == 0) {
            processingStalls.compareAndSet(0, 1);
        }
        return stalled;
    }

    boolean processingStallBegun() {
        return processingStalls.get() > 0;
    }

    void itemsTaken(long count) {
        itemsSeen.addAndGet(count);
    }

    // ---- phase 2 stall

    /** The next phase 2 of a processor with prepared items returns false until released (the commit waits). */
    void stallNextPhase2() {
        phase2Released = false;
        phase2StallArmed = true;
    }

    /**
     * Ends the phase 2 stall: the sink commits, or, with {@code restartInstead}, phase 2 fails (as if the
     * member died) and the restarted job must commit.
     */
    void releasePhase2(boolean restartInstead) {
        phase2RestartInstead = restartInstead;
        phase2Released = true;
    }

    /** Whether the released phase 2 fails instead of committing. */
    boolean phase2RestartInstead() {
        return phase2RestartInstead;
    }

    /** Whether phase 2 of a processor must stall now; {@code stalling} says whether it already is. */
    boolean phase2Stalled(boolean stalling) {
        if (phase2Released) {
            return false;
        }
        if (stalling) {
            return true;
        }
        if (phase2StallArmed) {
            phase2Stalls.incrementAndGet();
            return true;
        }
        return false;
    }

    int phase2Stalls() {
        return phase2Stalls.get();
    }
}
