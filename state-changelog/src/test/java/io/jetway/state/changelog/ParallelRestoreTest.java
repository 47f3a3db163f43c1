package io.jetway.state.changelog;

import com.hazelcast.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a restore reads without asking any broker: nothing for partitions the job never wrote (base offset -1),
 * and a refusal, naming the partition, of an entry that has records but no base. Runs without Kafka: neither
 * case creates a consumer (the bootstrap address leads nowhere).
 */
class ParallelRestoreTest {

    private static final String TOPIC = "job-count-changelog";

    private final OwnedPartitions owned = new OwnedPartitions("processor 0", new int[] {0, 1}, 2);
    private final RestoreProgress progress = new RestoreProgress();

    @AfterEach
    void free() {
        owned.free();
    }

    @Test
    void shouldReadNothingWhereTheJobWroteNothing() throws Exception {
        restore().run(List.of(entry(0, -1), entry(1, -1)), new long[] {-1, -1});

        assertThat(progress.toString()).contains("0/0 partitions done");
        assertThat(owned.keys()).isZero();
    }

    @Test
    void shouldRefuseAnEntryWithRecordsButNoBase() {
        assertThatThrownBy(() -> restore().run(List.of(entry(0, -1), entry(1, 41)), new long[] {-1, -1}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("changelog partition " + TOPIC + "-1 has records up to offset 41 but no base "
                        + "offset")
                .hasMessageContaining("start the job without this snapshot");
    }

    private ParallelRestore restore() {
        ChangelogOptions options = ChangelogOptions.parse(Map.of("bootstrap.servers", "127.0.0.1:1", "topic", TOPIC),
                "job", "count");
        return new ParallelRestore(options, true, "processor 0", 0, owned, progress, Runnable::run, () -> false,
                Logger.getLogger(ParallelRestoreTest.class));
    }

    private static ChangelogSnapshotEntry entry(int partition, long lastOffset) {
        return new ChangelogSnapshotEntry(TOPIC, partition, 5, 1, 0, 1, 3, -1, lastOffset, partition == 0, List.of(),
                List.of(), ChangelogSnapshotEntry.LocalSize.UNKNOWN);
    }
}
