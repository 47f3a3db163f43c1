package io.jetway.state.changelog;

import io.jetway.state.changelog.ChangelogRestorer.PartitionRestore;
import io.jetway.state.changelog.ChangelogSnapshotEntry.LocalSize;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a restore reserves before it reads a partition: the recorded size, never more keys than records. */
class ChangelogRestorerSizingTest {

    private final OffHeapMemory memory = new OffHeapMemory();
    private final OffHeapBytesMap target = new OffHeapBytesMap(memory);

    @AfterEach
    void free() {
        target.close();
    }

    @Test
    void shouldReserveTheRecordedSize() {
        new PartitionRestore(0, 0, 99_999, List.of(), target, new LocalSize(60_000, 2_400_000)).reserveTarget();

        assertThat(target.slotCount()).isEqualTo(131_072);      // 60,000 keys at a load of at most 0.6
        assertThat(memory.reservedBytes()).isEqualTo(131_072L * 8 + 2_700_000);  // index + bytes and an eighth
    }

    @Test
    void shouldTrustNoMoreKeysThanTheSnapshotCoversRecords() {
        new PartitionRestore(0, 100, 109, List.of(), target, new LocalSize(1_000_000_000, 64)).reserveTarget();

        assertThat(target.slotCount()).isEqualTo(32);            // 10 records: 10 keys at most
    }

    @Test
    void shouldReserveNothingWithoutARecordedSize() {
        new PartitionRestore(0, 0, 99_999, List.of(), target, LocalSize.UNKNOWN).reserveTarget();

        assertThat(memory.reservedBytes()).isZero();
    }
}
