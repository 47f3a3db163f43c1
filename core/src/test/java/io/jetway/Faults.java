package io.jetway;

import java.util.HashMap;
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

    // processing stall: after this many items, until released; it begins only while no sink processor is
    // between its phase 1 and phase 2 (guarded by this), so it never holds a prepared transaction open
    private final AtomicLong itemsSeen = new AtomicLong();
    private volatile long stallAfterItems = -1;
    private volatile boolean processingReleased;
    private final AtomicInteger processingStalls = new AtomicInteger();
    // per execution: sink processors between their phases (an older execution's processors may close late)
    private final Map<Long, Integer> inSnapshotByExecution = new HashMap<>();

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

    /**
     * Every sink processor stops taking items (and taking part in snapshots) once {@code items} more items
     * reached the sink and no snapshot is between its phases in any sink processor, until released. Stalling
     * in the middle of a snapshot would keep transactions already prepared by other processors open for the
     * whole stall, which is another fault (a prepared transaction aborted before its commit) than this one.
     */
    void stallProcessingAfter(long items) {
        processingReleased = false;
        stallAfterItems = itemsSeen.get() + items;
    }

    void releaseProcessing() {
        processingReleased = true;
    }

    /** Whether the processors of execution {@code executionId} must not take items nor snapshot now. */
    synchronized boolean processingStalled(long executionId) {
        if (processingReleased) {
            return false;
        }
        if (processingStalls.get() > 0) {
            return true;
        }
        long after = stallAfterItems;
        if (after >= 0 && itemsSeen.get() >= after && !inSnapshotByExecution.containsKey(executionId)) {
            processingStalls.set(1);
            return true;
        }
        return false;
    }

    /** The stall's state, for a failure message. */
    synchronized String describeStall() {
        return "items seen " + itemsSeen.get() + ", stall after " + stallAfterItems + ", sink processors between "
                + "their snapshot phases per execution " + inSnapshotByExecution + ", stall begun "
                + (processingStalls.get() > 0)
                + ", released " + processingReleased;
    }

    /** A sink processor starts its phase 1; false, while processing is stalled, to make it wait. */
    synchronized boolean enterSnapshot(long executionId) {
        if (processingStalled(executionId)) {
            return false;
        }
        inSnapshotByExecution.merge(executionId, 1, Integer::sum);
        return true;
    }

    /** A sink processor finished phase 2 of the snapshot it entered, or closed before it. */
    synchronized void leaveSnapshot(long executionId) {
        inSnapshotByExecution.computeIfPresent(executionId, (id, count) -> count == 1 ? null : count - 1);
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
