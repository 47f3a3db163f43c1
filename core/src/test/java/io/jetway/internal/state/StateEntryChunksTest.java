package io.jetway.internal.state;

import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import com.hazelcast.jet.core.BroadcastKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map.Entry;

import static com.hazelcast.jet.core.BroadcastKey.broadcastKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Packing a backend's snapshot entries into chunks and reading them back: every entry once, in order, under a
 * key per (state partition, chunk), a chunk closed at its size or when the partition changes, and a damaged
 * chunk refused.
 */
class StateEntryChunksTest {

    private static final int PARTITIONS = 4;

    private final InternalSerializationService serialization = new DefaultSerializationServiceBuilder().build();
    private final StateEntryChunks chunks = new StateEntryChunks(serialization,
            new BroadcastEntryRouting(PARTITIONS, new int[]{0, 1, 2, 3}), PARTITIONS);

    @AfterEach
    void dispose() {
        serialization.dispose();
    }

    @Test
    void shouldCloseAChunkWhenTheStatePartitionChangesAndNumberChunksPerPartition() throws Exception {
        List<Entry<Object, Object>> snapshot = snapshotOf(0, "a", 1L, 0, "b", 2L, 1, "c", 3L, 0, "d", null);

        assertThat(snapshot).extracting(Entry::getKey).containsExactly(key(0, 0), key(1, 0), key(0, 1));
        assertThat(read(snapshot.get(0))).containsExactly("0:a=1", "0:b=2");
        assertThat(read(snapshot.get(1))).containsExactly("1:c=3");
        assertThat(read(snapshot.get(2))).containsExactly("0:d=null");
    }

    @Test
    void shouldCloseAChunkAtItsSizeAndGiveEveryEntryBackInOrder() throws Exception {
        List<Entry<Object, Object>> snapshot = new ArrayList<>();
        byte[] value = new byte[100];
        int entries = 5_000;
        chunks.begin(snapshot);
        for (int i = 0; i < entries; i++) {
            value[0] = (byte) i;
            chunks.write(2, "key-" + i, value.clone());
        }
        chunks.finish();

        assertThat(snapshot).hasSizeGreaterThan(5_000 * 100 / StateEntryChunks.CHUNK_BYTES);
        List<String> keys = new ArrayList<>();
        for (int c = 0; c < snapshot.size(); c++) {
            Entry<Object, Object> chunk = snapshot.get(c);
            assertThat(chunk.getKey()).isEqualTo(key(2, c));
            assertThat(((byte[]) chunk.getValue()).length).as("chunk " + c)
                                                           .isLessThan(StateEntryChunks.CHUNK_BYTES + 200);
            chunks.read(2, (byte[]) chunk.getValue(), (p, k, v) -> {
                assertThat(((byte[]) v)[0]).isEqualTo((byte) keys.size());
                keys.add((String) k);
            });
        }
        assertThat(keys).hasSize(entries).startsWith("key-0", "key-1").endsWith("key-" + (entries - 1));
    }

    @Test
    void shouldStartAnewAfterASnapshotThatDidNotFinish() throws Exception {
        List<Entry<Object, Object>> failed = new ArrayList<>();
        chunks.begin(failed);
        chunks.write(3, "lost", 1L);            // the backend failed here: no finish

        List<Entry<Object, Object>> next = snapshotOf(3, "kept", 2L);

        assertThat(failed).isEmpty();
        assertThat(next).extracting(Entry::getKey).containsExactly(key(3, 0));
        assertThat(read(next.get(0))).containsExactly("3:kept=2");
    }

    @Test
    void shouldWriteNothingForABackendWithoutEntries() throws Exception {
        assertThat(snapshotOf()).isEmpty();
    }

    @Test
    void shouldRefuseATruncatedChunkAndOneWithBytesLeftOver() throws Exception {
        byte[] chunk = (byte[]) snapshotOf(0, "a", 1L, 0, "b", 2L).get(0).getValue();

        assertThatThrownBy(() -> chunks.read(0, Arrays.copyOf(chunk, chunk.length - 3),
                (p, k, v) -> { })).hasRootCauseInstanceOf(EOFException.class);
        assertThatThrownBy(() -> chunks.read(0, Arrays.copyOf(chunk, chunk.length + 2),
                (p, k, v) -> { })).isInstanceOf(IOException.class).hasMessage("2 bytes left after the chunk's 2 entries");
    }

    /** A snapshot of the writes given as (state partition, key, value) triples. */
    private List<Entry<Object, Object>> snapshotOf(Object... partitionKeyValue) throws IOException {
        List<Entry<Object, Object>> snapshot = new ArrayList<>();
        chunks.begin(snapshot);
        for (int i = 0; i < partitionKeyValue.length; i += 3) {
            chunks.write((Integer) partitionKeyValue[i], partitionKeyValue[i + 1], partitionKeyValue[i + 2]);
        }
        chunks.finish();
        return snapshot;
    }

    private List<String> read(Entry<Object, Object> chunk) throws Exception {
        int statePartition = ((StatePartitionKey) ((BroadcastKey<?>) chunk.getKey()).key()).statePartition();
        List<String> entries = new ArrayList<>();
        chunks.read(statePartition, (byte[]) chunk.getValue(),
                (p, k, v) -> entries.add(p + ":" + k + "=" + v));
        return entries;
    }

    private static Object key(int statePartition, int chunk) {
        return broadcastKey(new StatePartitionKey(statePartition, chunk, null));
    }
}
