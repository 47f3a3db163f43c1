package io.jetway.testing.eos;

import java.util.List;

/**
 * What an {@link ExactlyOnceChecker} found in a job's output. Counts, with a few examples of each anomaly,
 * and a table ({@link #toString()}) to put in assertion messages and reports.
 *
 * @param topic                 the output topic
 * @param inputRecords          events in the input
 * @param keys                  keys with events
 * @param committedRecords      records read {@code read_committed}
 * @param distinctIds           distinct input ids among them
 * @param lost                  input ids never read {@code read_committed}
 * @param duplicated            records read {@code read_committed} beyond the first of their id
 * @param outOfOrder            first occurrences whose sequence number is below one read before for their key
 * @param abortedRead           records only visible {@code read_uncommitted}: written in transactions that
 *                              were aborted (work redone after a failure; not an error by itself)
 * @param unexpected            records that are no output of an input event (unparsable, unknown id, or a
 *                              key or sequence number that does not match the id)
 * @param wrongState            first occurrences whose state differs from the fault-free run's state after
 *                              that event
 * @param wrongFinalState       keys whose final state differs from the fault-free run's
 * @param openTransactions      partitions whose last stable offset stayed below the high watermark
 *                              (transactions still open when the check ran)
 * @param examples              a few examples of each anomaly, for the message
 */
public record EosReport(String topic, long inputRecords, long keys, long committedRecords, long distinctIds,
                        long lost, long duplicated, long outOfOrder, long abortedRead, long unexpected,
                        long wrongState, long wrongFinalState, List<Integer> openTransactions, List<String> examples) {

    /** Copies the lists. */
    public EosReport {
        openTransactions = List.copyOf(openTransactions);
        examples = List.copyOf(examples);
    }

    /** No loss, no duplicate, per-key order kept, right states, nothing unexpected, nothing left open. */
    public boolean isExactlyOnce() {
        return lost == 0 && duplicated == 0 && outOfOrder == 0 && unexpected == 0 && wrongState == 0
                && wrongFinalState == 0 && openTransactions.isEmpty();
    }

    /** @throws AssertionError with this report's table unless {@link #isExactlyOnce()} */
    public EosReport assertExactlyOnce() {
        if (!isExactlyOnce()) {
            throw new AssertionError("Not exactly-once:" + System.lineSeparator() + this);
        }
        return this;
    }

    @Override
    public String toString() {
        String nl = System.lineSeparator();
        StringBuilder table = new StringBuilder();
        table.append("Exactly-once check of topic '").append(topic).append("' (").append(inputRecords)
             .append(" input records, ").append(keys).append(" keys)").append(nl);
        row(table, "records read read_committed", committedRecords);
        row(table, "distinct input ids", distinctIds);
        row(table, "lost", lost);
        row(table, "duplicated", duplicated);
        row(table, "out of order (per key)", outOfOrder);
        row(table, "aborted (read_uncommitted only)", abortedRead);
        row(table, "unexpected records", unexpected);
        row(table, "wrong state values", wrongState);
        row(table, "keys with a wrong final state", wrongFinalState);
        table.append(String.format("  %-36s %10s%n", "open transactions at check time",
                openTransactions.isEmpty() ? "none" : "partitions " + openTransactions));
        table.append(String.format("  %-36s %10s", "verdict", isExactlyOnce() ? "EXACTLY ONCE" : "NOT EXACTLY ONCE"));
        for (String example : examples) {
            table.append(nl).append("    e.g. ").append(example);
        }
        return table.toString();
    }

    private static void row(StringBuilder table, String name, long value) {
        table.append(String.format("  %-36s %10d%n", name, value));
    }
}
