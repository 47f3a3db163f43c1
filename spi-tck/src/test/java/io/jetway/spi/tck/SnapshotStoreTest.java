package io.jetway.spi.tck;

import io.jetway.spi.state.KeyedStateStore;
import io.jetway.spi.state.SnapshotWhileOpening;
import io.jetway.spi.state.SnapshotWriter;
import io.jetway.spi.state.StateBackend;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The snapshot store itself, with scripted backends: what it records, restores and accepts while opening. */
class SnapshotStoreTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void shouldRestoreFromTheLastRecordedSnapshotOnly() throws Exception {
        SnapshotStore snapshots = new SnapshotStore();
        Scripted first = new Scripted("p0", 0, "a", 1, "b");
        snapshots.prepare(1, List.of(first));
        assertThat(snapshots.hasRecorded()).isFalse();
        snapshots.record(1);
        snapshots.prepare(2, List.of(new Scripted("p0", 0, "c")));   // never recorded

        Scripted restored = new Scripted("restored");
        snapshots.restoreInto(restored, new int[] {1});
        assertThat(restored.restored).containsExactly("1=b");
        assertThat(snapshots.lastRecorded()).isEqualTo(1);

        Scripted older = new Scripted("older");
        snapshots.restoreInto(2, older, new int[] {0, 1});
        assertThat(older.restored).as("a snapshot asked for by id").containsExactly("0=c");
        assertThatThrownBy(() -> snapshots.restoreInto(3, older, new int[] {0}))
                .hasMessage("no snapshot 3 to restore from; prepared: [1, 2]");
        assertThatThrownBy(() -> snapshots.record(3))
                .hasMessage("snapshot 3 cannot be recorded: it was not prepared");
    }

    @Test
    void shouldAskAnOpeningBackendAgainUntilItAnswers() throws Exception {
        SnapshotStore snapshots = new SnapshotStore();
        snapshots.prepare(1, List.of(new Scripted("p0", 0, "restored")));
        snapshots.record(1);
        Scripted saving = new Scripted("saving");
        saving.answers.addAll(List.of(SnapshotWhileOpening.NOT_YET, SnapshotWhileOpening.NOT_YET,
                SnapshotWhileOpening.SAVE_RESTORED_ENTRIES));
        snapshots.restoreInto(saving, new int[] {0});
        Scripted writing = new Scripted("writing", 1, "written");
        writing.answers.addAll(List.of(SnapshotWhileOpening.NOT_YET, SnapshotWhileOpening.WRITTEN));

        snapshots.prepareWhileOpening(2, List.of(), List.of(saving, writing), TIMEOUT);
        snapshots.record(2);
        assertThat(saving.asked).isEqualTo(3);
        assertThat(writing.asked).isEqualTo(2);

        Scripted restored = new Scripted("restored");
        snapshots.restoreInto(restored, new int[] {0, 1});
        assertThat(restored.restored).containsExactlyInAnyOrder("0=restored", "1=written");
    }

    @Test
    void shouldFailABackendThatWritesButAnswersNotYet() {
        SnapshotStore snapshots = new SnapshotStore();
        Scripted liar = new Scripted("liar", 0, "x");
        liar.liar = true;
        liar.answers.add(SnapshotWhileOpening.NOT_YET);
        assertThatThrownBy(() -> snapshots.prepareWhileOpening(1, List.of(), List.of(liar), TIMEOUT))
                .isInstanceOf(AssertionError.class)
                .hasMessage("prepareSnapshotWhileOpening(1) of liar wrote [Entry[partition=0, key=x, value=x-v]]"
                        + " but answered NOT_YET");
    }

    @Test
    void shouldNameABackendThatNeverAnswers() {
        SnapshotStore snapshots = new SnapshotStore();
        Scripted silent = new Scripted("silent");
        silent.answers.add(SnapshotWhileOpening.NOT_YET);     // the last answer repeats
        assertThatThrownBy(() -> snapshots.prepareWhileOpening(1, List.of(), List.of(silent), Duration.ofMillis(200)))
                .isInstanceOf(ConditionTimeoutException.class)
                .hasMessageContaining("prepareSnapshotWhileOpening(1) of silent");
    }

    /**
     * A backend that writes its entries {@code (partition, key, key + "-v")} in phase 1, and while opening when it
     * answers {@code WRITTEN} (or, if {@link #liar}, any answer); it answers {@link #answers} in turn while
     * opening, the last one repeating.
     */
    private static final class Scripted implements StateBackend<String, String> {
        private final String name;
        /** Partition and key, alternately. */
        private final Object[] entries;
        final List<SnapshotWhileOpening> answers = new ArrayList<>();
        final List<String> restored = new ArrayList<>();
        boolean liar;
        int asked;

        Scripted(String name, Object... partitionsAndKeys) {
            this.name = name;
            this.entries = partitionsAndKeys;
        }

        private void write(SnapshotWriter writer) {
            for (int i = 0; i < entries.length; i += 2) {
                writer.write((Integer) entries[i], entries[i + 1], entries[i + 1] + "-v");
            }
        }

        @Override
        public void restoreEntry(int statePartition, Object key, Object value) {
            restored.add(statePartition + "=" + key);
        }

        @Override
        public CompletionStage<Void> open(boolean restoring) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public KeyedStateStore<String, String> store(int statePartition) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void prepareSnapshot(long snapshotId, SnapshotWriter snapshot) {
            write(snapshot);
        }

        @Override
        public SnapshotWhileOpening prepareSnapshotWhileOpening(long snapshotId, SnapshotWriter snapshot) {
            SnapshotWhileOpening answer = answers.get(Math.min(asked++, answers.size() - 1));
            if (answer == SnapshotWhileOpening.WRITTEN || liar) {
                write(snapshot);
            }
            return answer;
        }

        @Override
        public void finishSnapshot(long snapshotId, boolean success) {
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
