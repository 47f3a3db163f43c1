package io.jetway.internal.state;

import com.hazelcast.jet.JetException;
import com.hazelcast.jet.core.BroadcastKey;
import com.hazelcast.jet.core.test.TestProcessorContext;
import io.jetway.spi.state.KeyedStateStore;
import io.jetway.spi.state.StateBackend;
import io.jetway.spi.state.StateBackendContext;
import io.jetway.spi.state.StateBackendFactory;
import io.jetway.spi.state.StateSerde;
import io.jetway.state.StateConfig;
import io.jetway.testing.HazelcastClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static com.hazelcast.jet.core.BroadcastKey.broadcastKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The state host alone (on a member for its serialization), with the heap backend and the aligned (broadcast)
 * routing: what a snapshot holds (a chunk of entries per state partition),
 * which entries a restore under another partition ownership keeps, the snapshot answered while a restore
 * still opens the backend, and keys that are not the host's.
 */
class StateHostTest {

    private static final int PARTITIONS = 4;

    @RegisterExtension
    static final HazelcastClusterExtension HZ = HazelcastClusterExtension.of(1);

    private final List<StateHost<String, Long>> hosts = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (StateHost<String, Long> host : hosts) {
            host.close();
        }
    }

    @Test
    void shouldSaveSequenceWatermarkAndAChunkOfEntriesPerStatePartitionInBroadcastKeys() throws Exception {
        StateHost<String, Long> host = host(new HeapFactory(), 0, 1);
        assertThat(host.ensureReady()).isTrue();
        host.store(0).put("a", 1L);
        host.store(0).put("c", 3L);
        host.store(1).put("b", 2L);

        List<Entry<Object, Object>> snapshot = snapshot(host, 42);

        assertThat(snapshot).hasSize(4);
        assertThat(valueOf(snapshot, broadcastKey("jetway.state.sequence"))).isEqualTo(1L);
        assertThat(valueOf(snapshot, broadcastKey("jetway.state.watermark"))).isEqualTo(42L);
        assertThat(chunkOf(snapshot, 0)).containsExactlyInAnyOrderEntriesOf(Map.of("a", 1L, "c", 3L));
        assertThat(chunkOf(snapshot, 1)).containsExactlyInAnyOrderEntriesOf(Map.of("b", 2L));
    }

    @Test
    void shouldRestoreOnlyTheOwnedPartitionsUnderAnotherOwnership() {
        List<Entry<Object, Object>> snapshot = new ArrayList<>();
        StateHost<String, Long> first = host(new HeapFactory(), 0, 1);
        StateHost<String, Long> second = host(new HeapFactory(), 2, 3);
        for (int p = 0; p < PARTITIONS; p++) {
            StateHost<String, Long> owner = p < 2 ? first : second;
            owner.ensureReady();
            owner.store(p).put("k" + p, (long) p);
        }
        snapshot(second, 7);                                // the second saver is one snapshot ahead
        snapshot.addAll(snapshot(first, 5));
        snapshot.addAll(snapshot(second, 9));

        StateHost<String, Long> restored = host(new HeapFactory(), 1, 2);
        for (Entry<Object, Object> e : snapshot) {
            assertThat(restored.restoreEntry(e.getKey(), e.getValue())).as("the host's own key " + e.getKey()).isTrue();
        }
        restored.finishRestore();

        assertThat(restored.ensureReady()).isTrue();
        assertThat(restored.restoredWatermark()).isEqualTo(5);
        assertThat(restored.store(1).get("k1")).isEqualTo(1L);
        assertThat(restored.store(2).get("k2")).isEqualTo(2L);
        assertThat(valueOf(snapshot(restored, 5), broadcastKey("jetway.state.sequence")))
                .as("the sequence goes on from the largest restored").isEqualTo(3L);
    }

    @Test
    void shouldAnswerASnapshotWhileARestoreOpensAndSkipItsPhase2() {
        HeapFactory factory = new HeapFactory();
        StateHost<String, Long> first = host(factory, 0, 1, 2, 3);
        first.ensureReady();
        first.store(3).put("x", 3L);
        List<Entry<Object, Object>> snapshot = snapshot(first, 11);

        factory.holdOpens();
        StateHost<String, Long> restored = host(factory, 0, 1, 2, 3);
        snapshot.forEach(e -> restored.restoreEntry(e.getKey(), e.getValue()));
        restored.finishRestore();
        assertThat(restored.ensureReady()).isFalse();

        List<Entry<Object, Object>> again = new ArrayList<>();
        assertThat(restored.prepareSnapshot(11, again)).isTrue();
        assertThat(again).containsExactlyInAnyOrderElementsOf(snapshot);
        assertThat(restored.finishSnapshot(true)).isTrue();
        assertThat(factory.finishedSnapshots).as("phase 2 of an echoed snapshot is not the backend's").isEqualTo(1);
    }

    @Test
    void shouldWaitWithTheFirstSnapshotOfAFreshStartUntilTheBackendIsOpen() {
        HeapFactory factory = new HeapFactory();
        factory.holdOpens();
        StateHost<String, Long> host = host(factory, 0);

        List<Entry<Object, Object>> entries = new ArrayList<>();
        assertThat(host.prepareSnapshot(Long.MIN_VALUE, entries)).isFalse();
        assertThat(entries).isEmpty();
        factory.open.complete(null);
        assertThat(host.prepareSnapshot(Long.MIN_VALUE, entries)).isTrue();
        assertThat(valueOf(entries, broadcastKey("jetway.state.sequence"))).isEqualTo(1L);
    }

    @Test
    void shouldNotTakeKeysThatAreNotItsOwn() {
        StateHost<String, Long> host = host(new HeapFactory(), 0);

        assertThat(host.restoreEntry(broadcastKey("jetway.aligned.snapshotSequence"), 3L)).isFalse();
        assertThat(host.restoreEntry(new StatePartitionKey(0, 0, 17), new byte[4]))
                .as("a keyed-edge chunk is not an aligned host's").isFalse();
    }

    @Test
    void shouldFailARestoreWhoseChunkKeyHoldsNoChunkNamingTheKey() {
        StateHost<String, Long> host = host(new HeapFactory(), 0);

        assertThatThrownBy(() -> host.restoreEntry(broadcastKey(new StatePartitionKey(0, 5, null)), 1L))
                .isInstanceOf(JetException.class)
                .hasMessageContaining("state backend 'heap'")
                .hasMessageContaining("StatePartitionKey{0, chunk 5} is not a chunk of entries but java.lang.Long");
    }

    private StateHost<String, Long> host(HeapFactory factory, int... owned) {
        StateHost<String, Long> host = new StateHost<>(StateConfig.heap().serdes(UnusedSerde.INSTANCE,
                UnusedSerde.INSTANCE), factory);
        try {
            host.init(new TestProcessorContext().setHazelcastInstance(HZ.cluster().member(0)), PARTITIONS, owned, null, new BroadcastEntryRouting(PARTITIONS, owned));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        hosts.add(host);
        return host;
    }

    private static List<Entry<Object, Object>> snapshot(StateHost<String, Long> host, long watermark) {
        List<Entry<Object, Object>> entries = new ArrayList<>();
        assertThat(host.prepareSnapshot(watermark, entries)).isTrue();  // the heap backend's phases run inline
        assertThat(host.finishSnapshot(true)).isTrue();
        return entries;
    }

    private static Map<Object, Object> chunkOf(List<Entry<Object, Object>> entries, int statePartition)
            throws Exception {
        Map<Object, Object> restored = new HashMap<>();
        StateEntryChunks reader = new StateEntryChunks(StateHost.serialization(new TestProcessorContext()
                .setHazelcastInstance(HZ.cluster().member(0))), new BroadcastEntryRouting(PARTITIONS, new int[0]),
                PARTITIONS);
        reader.read(statePartition,
                (byte[]) valueOf(entries, broadcastKey(new StatePartitionKey(statePartition, 0, null))),
                (p, k, v) -> assertThat(restored.put(k, v)).as("key " + k + " once").isNull());
        return restored;
    }

    private static Object valueOf(List<Entry<Object, Object>> entries, BroadcastKey<?> key) {
        return entries.stream().filter(e -> e.getKey().equals(key)).map(Entry::getValue).findFirst()
                      .orElseThrow(() -> new AssertionError("no entry " + key + " in " + entries));
    }

    /** The heap backend, counting its phase 2 calls, whose open can be held. */
    private static final class HeapFactory implements StateBackendFactory {
        private CompletableFuture<Void> open = CompletableFuture.completedFuture(null);
        private int finishedSnapshots;

        void holdOpens() {
            open = new CompletableFuture<>();
        }

        @Override
        public String name() {
            return "test-heap";
        }

        @Override
        public <K, V> StateBackend<K, V> create(StateBackendContext<K, V> context) {
            HeapStateBackend<K, V> heap = new HeapStateBackend<>(context.ownedStatePartitions(),
                    context.statePartitionCount());
            return new StateBackend<>() {
                @Override
                public void restoreEntry(int statePartition, Object key, Object value) {
                    heap.restoreEntry(statePartition, key, value);
                }

                @Override
                public CompletionStage<Void> open(boolean restoring) {
                    return open;
                }

                @Override
                public KeyedStateStore<K, V> store(int statePartition) {
                    return heap.store(statePartition);
                }

                @Override
                public void prepareSnapshot(long snapshotId, io.jetway.spi.state.SnapshotWriter snapshot) {
                    heap.prepareSnapshot(snapshotId, snapshot);
                }

                @Override
                public void finishSnapshot(long snapshotId, boolean success) {
                    finishedSnapshots++;
                }

                @Override
                public void close() {
                    heap.close();
                }
            };
        }
    }

    /** The heap backend keeps objects: no serde is used. */
    private enum UnusedSerde implements StateSerde<Object>, Serializable {
        INSTANCE;

        @Override
        public byte[] toBytes(Object value) {
            throw new UnsupportedOperationException("the heap backend keeps objects");
        }

        @Override
        public Object fromBytes(ByteBuffer bytes) {
            throw new UnsupportedOperationException("the heap backend keeps objects");
        }
    }
}
