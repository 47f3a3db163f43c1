package io.jetway.benchmarks.e2e;

import org.apache.flink.traces.Span;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The {@code JobInitialization} spans Flink's checkpoint statistics emit when a job starts from a checkpoint,
 * by job id, as {@link FlinkSpanReporterFactory}'s reporter receives them. Such a span runs from the moment
 * the JobMaster hands the checkpoint to the tasks until the last subtask is initialised, and carries, per
 * initialisation phase, the maximum and the sum over the subtasks: {@code maxInitializeStateDurationMs} is
 * the longest subtask's state restore plus the opening of its operators.
 */
final class FlinkInitSpans {

    /** What one job's initialisation from a checkpoint took. */
    record Initialization(long startMs, long endMs, long maxInitializeStateMs, String status) {

        /** From the hand-over of the checkpoint until every subtask is initialised. */
        long totalMs() {
            return endMs - startMs;
        }
    }

    private static final Map<String, Initialization> BY_JOB = new ConcurrentHashMap<>();

    private FlinkInitSpans() {
    }

    /** Called by the reporter for every span; keeps the {@code JobInitialization} ones. */
    static void add(Span span) {
        if (!span.getName().equals("JobInitialization")) {
            return;
        }
        Map<String, Object> a = span.getAttributes();
        Object job = a.get("jobId");
        Object maxInit = a.get("maxInitializeStateDurationMs");
        if (job == null || !(maxInit instanceof Number max)) {
            System.err.println("Ignoring a JobInitialization span without jobId or maxInitializeStateDurationMs: " + a);
            return;
        }
        BY_JOB.put(job.toString(), new Initialization(span.getStartTsMillis(), span.getEndTsMillis(), max.longValue(),
                String.valueOf(a.get("initializationStatus"))));
    }

    /**
     * Waits for the span of job {@code jobId}; fails when {@code stillRunning} turns false or {@code timeout}
     * passes first, or when the initialisation did not complete.
     */
    static Initialization await(String jobId, Duration timeout, BooleanSupplier stillRunning) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Initialization init;
        while ((init = BY_JOB.get(jobId)) == null) {
            if (System.nanoTime() - deadline > 0 || !stillRunning.getAsBoolean()) {
                throw new IllegalStateException("no JobInitialization span of Flink job " + jobId + " within "
                        + timeout + " (is the trace reporter configured?)");
            }
            LockSupport.parkNanos(10_000_000);
        }
        if (!init.status().equals("COMPLETED")) {
            throw new IllegalStateException("Flink job " + jobId + " initialisation ended " + init.status());
        }
        return init;
    }
}
