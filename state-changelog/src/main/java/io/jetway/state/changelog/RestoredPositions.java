package io.jetway.state.changelog;

import io.jetway.kafka.common.txn.RecoveryPlan.PreviousExecution;
import io.jetway.kafka.common.txn.RecoveryPlan.WriterTransactions;

import java.util.ArrayList;
import java.util.List;

/**
 * The changelog positions a restore hands one processor's backend, one {@link ChangelogSnapshotEntry} per owned
 * state partition: each checked as it arrives ({@link #add}), all of them together when the backend opens
 * ({@link #checked}), and what recovery needs from them.
 * <p>
 * Filled by the processor thread before the open starts; read by the open threads afterwards.
 */
final class RestoredPositions {

    private final String where;
    private final OwnedPartitions owned;
    private final String topic;
    private final ChangelogSnapshotEntry[] entries;

    RestoredPositions(String where, OwnedPartitions owned, String topic) {
        this.where = where;
        this.owned = owned;
        this.topic = topic;
        this.entries = new ChangelogSnapshotEntry[owned.count()];
    }

    /**
     * A snapshot entry for {@code statePartition}.
     *
     * @throws IllegalArgumentException when it is no kafka-changelog entry, or not of that owned partition
     * @throws IllegalStateException    when another entry was given for that partition
     */
    void add(int statePartition, Object key, Object value) {
        if (!ChangelogSnapshotEntry.KEY.equals(key) || !(value instanceof ChangelogSnapshotEntry)) {
            throw new IllegalArgumentException(where + ": not a kafka-changelog snapshot entry: " + key + " -> "
                    + value + ". Was the snapshot taken with another state backend?");
        }
        ChangelogSnapshotEntry entry = (ChangelogSnapshotEntry) value;
        owned.check(statePartition);
        if (entry.statePartition() != statePartition) {
            throw new IllegalArgumentException(where + ": snapshot entry " + entry + " does not fit state partition "
                    + statePartition);
        }
        ChangelogSnapshotEntry previous = entries[statePartition];
        if (previous != null && !previous.equals(entry)) {
            throw new IllegalStateException(where + ": two snapshot entries for state partition " + statePartition
                    + ": " + previous + " and " + entry);
        }
        entries[statePartition] = entry;
    }

    /** The entry of {@code statePartition}, or {@code null}. */
    ChangelogSnapshotEntry get(int statePartition) {
        return entries[statePartition];
    }

    /** How many owned partitions have an entry. */
    int count() {
        int count = 0;
        for (int partition : owned.partitions()) {
            count += entries[partition] == null ? 0 : 1;
        }
        return count;
    }

    /**
     * The entries of the owned partitions, checked as a whole; empty for a fresh start.
     *
     * @param restoring whether the backend opens to restore a snapshot
     * @throws IllegalStateException when entries are given to a fresh start, are missing for some owned
     *                               partitions, name another topic, or come from different executions
     */
    List<ChangelogSnapshotEntry> checked(boolean restoring) {
        List<ChangelogSnapshotEntry> found = new ArrayList<>();
        List<Integer> missing = new ArrayList<>();
        for (int partition : owned.partitions()) {
            if (entries[partition] != null) {
                found.add(entries[partition]);
            } else {
                missing.add(partition);
            }
        }
        if (found.isEmpty()) {
            return found;
        }
        if (!restoring) {
            throw new IllegalStateException(where + ": snapshot entries given, but open(false) asks for a fresh start");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException(where + ": the snapshot has changelog positions for some owned state "
                    + "partitions but not for " + missing + ": it was not written by this job's kafka-changelog "
                    + "backend");
        }
        ChangelogSnapshotEntry first = found.get(0);
        for (ChangelogSnapshotEntry entry : found) {
            if (!entry.topic().equals(topic)) {
                throw new IllegalStateException(where + ": the snapshot was taken with changelog topic '"
                        + entry.topic() + "' but option 'topic' names '" + topic + "': a job's changelog "
                        + "topic cannot change");
            }
            if (entry.generation() != first.generation() || entry.writerParallelism() != first.writerParallelism()
                    || entry.writerPoolSize() != first.writerPoolSize()) {
                throw new IllegalStateException(where + ": snapshot entries of different executions: " + first
                        + " and " + entry);
            }
        }
        return found;
    }

    /** The execution that wrote {@code entries}, as {@link #checked} returned them (not empty). */
    static PreviousExecution previousExecution(List<ChangelogSnapshotEntry> entries) {
        ChangelogSnapshotEntry first = entries.get(0);
        return new PreviousExecution(first.generation(), first.writerParallelism(), first.writerPoolSize());
    }

    /** The writers whose anchor is among {@code entries}, with the transactions they prepared. */
    static List<WriterTransactions> anchors(List<ChangelogSnapshotEntry> entries) {
        List<WriterTransactions> anchors = new ArrayList<>();
        for (ChangelogSnapshotEntry entry : entries) {
            if (entry.anchor()) {
                anchors.add(new WriterTransactions(entry.writerIndex(), entry.prepared()));
            }
        }
        return anchors;
    }
}
