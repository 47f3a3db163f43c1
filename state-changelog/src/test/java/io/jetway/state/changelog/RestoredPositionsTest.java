package io.jetway.state.changelog;

import io.jetway.kafka.common.txn.PreparedTransaction;
import io.jetway.kafka.common.txn.RecoveryPlan.PreviousExecution;
import io.jetway.kafka.common.txn.RecoveryPlan.WriterTransactions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The checks a restore's changelog positions pass before the backend opens, and what recovery reads from them. */
class RestoredPositionsTest {

    private static final String WHERE = "kafka-changelog state of job 'j' vertex 'count' processor 1/2";
    private static final String TOPIC = "j-count-changelog";
    private static final PreparedTransaction PREPARED = new PreparedTransaction("j-count-1-0", 5, (short) 2, true);

    private final OwnedPartitions owned = new OwnedPartitions(WHERE, new int[] {1, 3}, 4);
    private final RestoredPositions positions = new RestoredPositions(WHERE, owned, TOPIC);

    @AfterEach
    void free() {
        owned.free();
    }

    @Test
    void shouldHandOverTheEntriesOfEveryOwnedPartition() {
        positions.add(1, ChangelogSnapshotEntry.KEY, entry(TOPIC, 1, 0, true));
        positions.add(3, ChangelogSnapshotEntry.KEY, entry(TOPIC, 3, 0, false));
        positions.add(3, ChangelogSnapshotEntry.KEY, entry(TOPIC, 3, 0, false));   // the same entry again

        List<ChangelogSnapshotEntry> entries = positions.checked(true);

        assertThat(entries).extracting(ChangelogSnapshotEntry::statePartition).containsExactly(1, 3);
        assertThat(positions.count()).isEqualTo(2);
        assertThat(RestoredPositions.previousExecution(entries)).isEqualTo(new PreviousExecution(4, 2, 3));
        assertThat(RestoredPositions.anchors(entries)).containsExactly(new WriterTransactions(1, List.of(PREPARED)));
    }

    @Test
    void shouldStartFreshWithoutEntries() {
        assertThat(positions.checked(false)).isEmpty();
        assertThat(positions.checked(true)).isEmpty();
    }

    @Test
    void shouldRefuseWhatIsNoChangelogEntryOfAnOwnedPartition() {
        assertThatThrownBy(() -> positions.add(1, "offsets", 42L)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(WHERE + ": not a kafka-changelog snapshot entry: offsets -> 42. Was the snapshot taken "
                        + "with another state backend?");
        assertThatThrownBy(() -> positions.add(2, ChangelogSnapshotEntry.KEY, entry(TOPIC, 2, 0, false)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(WHERE + " does not own state partition 2; it owns [1, 3]");
        assertThatThrownBy(() -> positions.add(1, ChangelogSnapshotEntry.KEY, entry(TOPIC, 3, 0, false)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not fit state partition 1");
    }

    @Test
    void shouldRefuseTwoDifferentEntriesForAPartition() {
        positions.add(1, ChangelogSnapshotEntry.KEY, entry(TOPIC, 1, 0, true));

        assertThatThrownBy(() -> positions.add(1, ChangelogSnapshotEntry.KEY, entry(TOPIC, 1, 1, true)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(WHERE + ": two snapshot entries for state partition 1");
    }

    @Test
    void shouldRefuseEntriesThatDoNotMakeOneRestore() {
        positions.add(1, ChangelogSnapshotEntry.KEY, entry(TOPIC, 1, 0, true));

        assertThatThrownBy(() -> positions.checked(false)).isInstanceOf(IllegalStateException.class)
                .hasMessage(WHERE + ": snapshot entries given, but open(false) asks for a fresh start");
        assertThatThrownBy(() -> positions.checked(true)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has changelog positions for some owned state partitions but not for [3]");

        positions.add(3, ChangelogSnapshotEntry.KEY, entry(TOPIC, 3, 1, false));
        assertThatThrownBy(() -> positions.checked(true)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(WHERE + ": snapshot entries of different executions");
    }

    @Test
    void shouldRefuseAnotherTopic() {
        positions.add(1, ChangelogSnapshotEntry.KEY, entry("renamed", 1, 0, true));
        positions.add(3, ChangelogSnapshotEntry.KEY, entry("renamed", 3, 0, false));

        assertThatThrownBy(() -> positions.checked(true)).isInstanceOf(IllegalStateException.class)
                .hasMessage(WHERE + ": the snapshot was taken with changelog topic 'renamed' but option 'topic' names '"
                        + TOPIC + "': a job's changelog topic cannot change");
    }

    /** An entry of writer 1 of 2 (pool of 3, generation 4); {@code generationOffset} makes it another execution's. */
    private static ChangelogSnapshotEntry entry(String topic, int partition, int generationOffset, boolean anchor) {
        return new ChangelogSnapshotEntry(topic, partition, 9, 4 + generationOffset, 1, 2, 3, 100, 150, anchor,
                anchor ? List.of(PREPARED) : List.of(), List.of(), ChangelogSnapshotEntry.LocalSize.UNKNOWN);
    }
}
