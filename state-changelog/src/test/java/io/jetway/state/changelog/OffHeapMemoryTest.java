package io.jetway.state.changelog;

import net.openhft.chronicle.bytes.BytesStore;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What the local stores' memory costs: a store's pages become resident only once written (a restore that
 * reserves room for its state, or an arena grown to twice its records, does not pay for capacity it has not
 * used yet), a zeroed store reads zero, and freeing gives every byte back to the count.
 */
class OffHeapMemoryTest {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final long MB = 1 << 20;

    private final OffHeapMemory memory = new OffHeapMemory();

    @Test
    void shouldNotTouchThePagesOfAStoreUntilItWritesThem() throws IOException {
        assumeTrue(Files.isReadable(STATUS), "resident memory is read from /proc (Linux)");
        long before = residentBytes();
        BytesStore<?, Void> store = memory.allocate(512 * MB);
        try {
            long allocated = residentBytes();
            for (long at = 0; at < 64 * MB; at += 4096) {
                store.writeLong(at, at);
            }
            long written = residentBytes();

            assertThat(allocated - before).as("resident bytes added by allocating 512 MB").isLessThan(32 * MB);
            assertThat(written - allocated).as("resident bytes added by writing 64 MB of it")
                                           .isGreaterThan(48 * MB);
            assertThat(store.readLong(4096)).isEqualTo(4096);
        } finally {
            memory.free(store);
        }
        assertThat(memory.reservedBytes()).isZero();
    }

    @Test
    void shouldZeroAStoreAskedZeroed() {
        BytesStore<?, Void> dirty = memory.allocate(1 * MB);
        for (long at = 0; at < MB; at += 8) {
            dirty.writeLong(at, -1L);
        }
        memory.free(dirty);

        BytesStore<?, Void> zeroed = memory.allocateZeroed(1 * MB);
        try {
            for (long at = 0; at < MB; at += 8) {
                assertThat(zeroed.readLong(at)).as("long at %d", at).isZero();
            }
        } finally {
            memory.free(zeroed);
        }
    }

    private static long residentBytes() throws IOException {
        for (String line : Files.readAllLines(STATUS)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS in " + STATUS);
    }
}
