package io.jetway.internal.snapshot;

import com.hazelcast.jet.Traverser;
import com.hazelcast.jet.Traversers;
import org.junit.jupiter.api.Test;

import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map.Entry;
import java.util.concurrent.atomic.AtomicInteger;

import static com.hazelcast.jet.core.BroadcastKey.broadcastKey;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The snapshot guard without a cluster: savers emit through {@link SnapshotEmitter}s into a list standing for
 * Jet's snapshot, entries are taken out of it the way Hazelcast 5.7.0 loses them, and each restoring
 * processor's {@link RestoreAudit} gets the entries Jet would route to it.
 */
class SnapshotGuardTest {

    private static final int PARTITIONS = 8;

    /** A partitioned key of partition {@code p}. */
    record Key(int p, int id) implements PartitionedSnapshotKey {
        @Override
        public int jetPartition() {
            return p;
        }
    }

    @Test
    void shouldFindEveryEntryOfACompleteSnapshot() {
        List<Entry<Object, Object>> snapshot = save(2, 100);
        assertThat(problemAt(snapshot, new int[] {0, 2, 4, 6})).isNull();
        assertThat(problemAt(snapshot, new int[] {1, 3, 5, 7})).isNull();
    }

    @Test
    void shouldNameTheShortfallWhenAPartitionedEntryIsLost() {
        List<Entry<Object, Object>> snapshot = save(2, 100);
        snapshot.removeIf(e -> e.getKey() instanceof Key k && k.p() == 3 && k.id() == 3);
        assertThat(problemAt(snapshot, new int[] {0, 2, 4, 6})).isNull();       // not routed to this one
        assertThat(problemAt(snapshot, new int[] {1, 3, 5, 7})).contains("of the").contains("entries");
    }

    @Test
    void shouldFailEveryProcessorWhenABroadcastEntryIsLost() {
        List<Entry<Object, Object>> snapshot = save(2, 100);
        snapshot.removeIf(e -> "sequence-1".equals(broadcastName(e)));
        assertThat(problemAt(snapshot, new int[] {0, 2, 4, 6})).isNotNull();
        assertThat(problemAt(snapshot, new int[] {1, 3, 5, 7})).isNotNull();
    }

    @Test
    void shouldNameTheSaverWhoseManifestIsLost() {
        List<Entry<Object, Object>> snapshot = save(3, 30);
        snapshot.removeIf(e -> SnapshotLedger.isManifestKey(e.getKey())
                && ((SnapshotManifest) e.getValue()).saverIndex() == 1);
        assertThat(problemAt(snapshot, new int[] {0, 1, 2, 3, 4, 5, 6, 7}))
                .contains("manifests of processors [1] of 3 are missing");
    }

    @Test
    void shouldRefuseARestoreThatGotNothingAtAll() {
        assertThat(problemAt(List.of(), new int[] {0})).contains("no entry of this vertex at all");
    }

    @Test
    void shouldHoldEntriesBackWhileTheWriterIsBusy() {
        AtomicInteger inFlight = new AtomicInteger(500);
        SnapshotEmitter emitter = new SnapshotEmitter(new SnapshotLedger(0, 1, PARTITIONS, k -> 0),
                SnapshotWriterPacer.watching(inFlight, 500));
        List<Entry<Object, Object>> out = new ArrayList<>();
        Traverser<Entry<Object, Object>> entries = Traversers.traverseIterable(List.of(
                new SimpleImmutableEntry<>(new Key(1, 1), "a"), new SimpleImmutableEntry<>(new Key(2, 2), "b")));

        assertThat(emitter.emit(entries, (k, v) -> out.add(new SimpleImmutableEntry<>(k, v)))).isFalse();
        assertThat(out).isEmpty();
        inFlight.set(499);
        assertThat(emitter.emit(entries, (k, v) -> out.add(new SimpleImmutableEntry<>(k, v)))).isTrue();
        assertThat(out).hasSize(3);
        assertThat(SnapshotLedger.isManifestKey(out.get(2).getKey())).isTrue();
    }

    @Test
    void shouldKeepAnEntryTheOutboxRefusedAndCountItOnce() {
        SnapshotEmitter emitter = new SnapshotEmitter(new SnapshotLedger(0, 1, PARTITIONS, k -> 0),
                SnapshotWriterPacer.watching(new AtomicInteger(), 500));
        List<Entry<Object, Object>> out = new ArrayList<>();
        Traverser<Entry<Object, Object>> entries = Traversers.traverseIterable(List.of(
                new SimpleImmutableEntry<>(new Key(1, 1), "a"), new SimpleImmutableEntry<>(new Key(2, 2), "b")));
        int[] capacity = {1};
        SnapshotEmitter.SnapshotOutbox outbox = (k, v) -> capacity[0]-- > 0 && out.add(new SimpleImmutableEntry<>(k, v));

        assertThat(emitter.emit(entries, outbox)).isFalse();
        capacity[0] = 10;
        assertThat(emitter.emit(entries, outbox)).isTrue();
        SnapshotManifest manifest = (SnapshotManifest) out.get(2).getValue();
        assertThat(manifest.partitionEntries()).containsExactly(1, 1);
        assertThat(manifest.partitions()).containsExactly(1, 2);
    }

    // Every saver i of n saves a broadcast sequence entry and `perSaver` partitioned entries spread over the
    // partitions, then its manifest, as a processor's saveToSnapshot does.
    private static List<Entry<Object, Object>> save(int savers, int perSaver) {
        List<Entry<Object, Object>> snapshot = new ArrayList<>();
        for (int i = 0; i < savers; i++) {
            SnapshotEmitter emitter = new SnapshotEmitter(new SnapshotLedger(i, savers, PARTITIONS, k -> {
                throw new AssertionError("partitioned keys here know their partition");
            }), SnapshotWriterPacer.watching(new AtomicInteger(), 500));
            List<Entry<Object, Object>> entries = new ArrayList<>();
            entries.add(new SimpleImmutableEntry<>(broadcastKey("sequence-" + i), (long) i));
            for (int j = 0; j < perSaver; j++) {
                entries.add(new SimpleImmutableEntry<>(new Key((i + j) % PARTITIONS, i * perSaver + j), "v"));
            }
            assertThat(emitter.emit(Traversers.traverseIterable(entries),
                    (k, v) -> snapshot.add(new SimpleImmutableEntry<>(k, v)))).isTrue();
        }
        return snapshot;
    }

    // What the restoring processor that owns `owned` finds missing: it gets every broadcast entry and the
    // partitioned entries of its partitions, as Jet routes them.
    private static String problemAt(List<Entry<Object, Object>> snapshot, int[] owned) {
        RestoreAudit audit = new RestoreAudit();
        List<Integer> mine = new ArrayList<>();
        for (int p : owned) {
            mine.add(p);
        }
        for (Entry<Object, Object> e : snapshot) {
            if (!(e.getKey() instanceof Key k) || mine.contains(k.p())) {
                audit.take(e.getKey(), e.getValue());
            }
        }
        return audit.problem(owned);
    }

    private static String broadcastName(Entry<Object, Object> e) {
        return e.getKey() instanceof com.hazelcast.jet.core.BroadcastKey<?> b && b.key() instanceof String s ? s : null;
    }
}
