package io.jetway.soak;

import java.util.ArrayList;
import java.util.List;

/**
 * What one soak run found. Records of the output are counted as the exactly-once checker counts them (read
 * {@code read_committed} after the job was cancelled); a run whose output could not settle (a partition's last
 * stable offset stuck below its high watermark) counts the ids it could not see as {@link #invisible}, not as
 * lost, because they may sit behind the open transaction.
 *
 * @param scenario       what ran
 * @param faultApplied   what the injector did and at which point of the output (empty when it never got there)
 * @param firstOutputMs  submission to the first committed output record, or -1 when none came
 * @param lost           input events without any committed output
 * @param duplicated     committed outputs beyond the first of their event
 * @param outOfOrder     outputs that came after a later event of the same account
 * @param wrongState     outputs whose count or sum is not what the input implies for that event (plus accounts
 *                       whose final state is wrong)
 * @param unexpected     output records that are no output of any input event
 * @param invisible      input events not visible {@code read_committed} while transactions stayed open
 * @param stalled        why the output stopped short of the input within the deadline while the job was not
 *                       failed (stuck last stable offset, a job stuck restarting...), or empty
 * @param failed         why the job or the run failed (job FAILED, a fixture error), or empty
 * @param abortedRead    records of aborted transactions (redone work: not an anomaly)
 * @param durationMs     the run's wall time
 * @param details        examples of each anomaly, open transactions, the job's status: for the results file
 */
record RunResult(SoakScenario scenario, String faultApplied, long firstOutputMs, long lost, long duplicated,
                 long outOfOrder, long wrongState, long unexpected, long invisible, String stalled, String failed,
                 long abortedRead, long durationMs, List<String> details) {

    /** Copies the list. */
    RunResult {
        details = List.copyOf(details);
    }

    /** Whether anything is wrong: lost, duplicated, out of order, wrong state, unexpected, stalled or failed. */
    boolean isAnomalous() {
        return !anomalies().isEmpty();
    }

    /** The anomalies by name, e.g. {@code [state 164, stalled]}; empty for a clean run. */
    List<String> anomalies() {
        List<String> found = new ArrayList<>();
        add(found, "lost", lost);
        add(found, "duplicated", duplicated);
        add(found, "order", outOfOrder);
        add(found, "state", wrongState);
        add(found, "unexpected", unexpected);
        add(found, "invisible", invisible);
        if (!stalled.isEmpty()) {
            found.add("stalled");
        }
        if (!failed.isEmpty()) {
            found.add("failed");
        }
        return found;
    }

    private static void add(List<String> found, String name, long count) {
        if (count > 0) {
            found.add(name + " " + count);
        }
    }

    /** Whether the run could not complete because of the soak's own fixtures or an unexpected exception. */
    boolean isRunError() {
        return failed.startsWith(SoakRunner.RUN_ERROR);
    }

    /** One line for the console and the assertion message. */
    String summary() {
        return String.format("%-62s %-8s first output %6s, %s%s%s", scenario, anomalies().isEmpty() ? "clean"
                        : "ANOMALY", firstOutputMs < 0 ? "none" : firstOutputMs + " ms", faultApplied,
                anomalies().isEmpty() ? "" : " -> " + anomalies(),
                (stalled.isEmpty() ? "" : "; stalled: " + stalled) + (failed.isEmpty() ? "" : "; failed: " + failed));
    }
}
