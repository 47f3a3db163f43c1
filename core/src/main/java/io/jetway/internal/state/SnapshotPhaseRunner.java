package io.jetway.internal.state;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs a state backend's snapshot phases for a {@link StateHost}: on the processor thread, or, when the
 * processor is cooperative and the backend's phases block ({@code isSnapshotBlocking}), on a thread of
 * its own while the processor's Jet callback returns {@code false} until the phase is over (Jet neither
 * processes items nor calls anything else of the processor meanwhile).
 * <p>
 * The hand-over to and from the phase thread happens-before through the executor and the future.
 * <p>
 * {@link #close()} interrupts a running phase and waits a bounded time; a phase that ignores the interrupt
 * (a Kafka flush, say) may still run when it returns, so it reports whether the thread stopped. A backend
 * must therefore not free what a phase call uses while that call runs (the {@code kafka-changelog}
 * backend frees its off-heap state when the last phase call returns).
 */
final class SnapshotPhaseRunner {

    private static final long CLOSE_WAIT_MS = 30_000;

    /** A snapshot phase. */
    @FunctionalInterface
    interface Phase {
        void run() throws Exception;
    }

    private final ExecutorService executor;
    private final long closeWaitMs;
    private Future<?> running;
    private boolean stepping;

    private SnapshotPhaseRunner(ExecutorService executor, long closeWaitMs) {
        this.executor = executor;
        this.closeWaitMs = closeWaitMs;
    }

    /** Phases run where they are started. */
    static SnapshotPhaseRunner inline() {
        return new SnapshotPhaseRunner(null, 0);
    }

    /** Phases run on one daemon thread called {@code threadName}, started lazily. */
    static SnapshotPhaseRunner offThread(String threadName) {
        return offThread(threadName, CLOSE_WAIT_MS);
    }

    /** {@link #offThread(String)} whose {@link #close()} waits {@code closeWaitMs} for a running phase. */
    static SnapshotPhaseRunner offThread(String threadName, long closeWaitMs) {
        return new SnapshotPhaseRunner(Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        }), closeWaitMs);
    }

    /** Starts {@code phase}; inline it runs (and throws) now. */
    void start(Phase phase) throws Exception {
        if (running != null) {
            throw new IllegalStateException("a snapshot phase is still running");
        }
        if (executor == null) {
            phase.run();
            return;
        }
        running = executor.submit(() -> {
            phase.run();
            return null;
        });
    }

    /** Whether the started phase is over (true when none runs); throws what it threw. */
    boolean isDone() throws Exception {
        Future<?> phase = running;
        if (phase == null) {
            return true;
        }
        if (!phase.isDone()) {
            return false;
        }
        running = null;
        try {
            phase.get();
            return true;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /**
     * Drives {@code phase} across repeated calls of a Jet callback: starts it at the first call, then tells
     * whether it is over; once over (or failed) the next call starts the next phase.
     */
    boolean step(Phase phase) throws Exception {
        try {
            if (!stepping) {
                stepping = true;
                start(phase);
            }
            if (!isDone()) {
                return false;
            }
        } catch (Exception e) {
            stepping = false;
            throw e;
        }
        stepping = false;
        return true;
    }

    /**
     * Interrupts a running phase and waits (30 s) for its thread to stop; idempotent.
     *
     * @return whether no phase runs any more; when {@code false} the phase thread still runs (it ignored the
     *         interrupt) and may still use the backend: the caller must not free what it uses (log it)
     */
    boolean close() throws InterruptedException {
        if (executor == null) {
            return true;
        }
        executor.shutdownNow();
        return executor.awaitTermination(closeWaitMs, TimeUnit.MILLISECONDS);
    }
}
