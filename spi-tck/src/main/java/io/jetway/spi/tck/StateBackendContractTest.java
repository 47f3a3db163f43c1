package io.jetway.spi.tck;

import com.hazelcast.core.HazelcastInstance;
import io.jetway.spi.state.KeyedStateStore;
import io.jetway.spi.state.StateBackend;
import io.jetway.spi.state.StateBackendContext;
import io.jetway.spi.state.StateBackendFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract every {@link StateBackend} must honour. A backend's test extends this class and implements
 * {@link #factory()} (and {@link #options} when the backend needs settings, such as a Kafka address).
 * Each test plays Jet's part in the life cycle and snapshot protocol, with string keys and values:
 * <ul>
 *     <li>reads see the backend's own writes at once; removal; iteration;</li>
 *     <li>a restore from snapshot N gives exactly the state of N's phase 1, even when the crash came
 *     between phase 1 and phase 2, and discards every change made after N's phase 1;</li>
 *     <li>a snapshot that failed ({@code success=false}) keeps its changes for the next successful one;</li>
 *     <li>restoring with another parallelism gives every state partition to exactly one processor, also from
 *     a snapshot taken while some processors were still opening after a restore;</li>
 *     <li>a new job with the same name starts empty; unowned partitions are refused; close is idempotent.</li>
 * </ul>
 */
public abstract class StateBackendContractTest {

    /** State partitions of every test job. */
    protected static final int PARTITIONS = 4;
    private static final AtomicLong JOB_IDS = new AtomicLong(System.nanoTime());
    private static final Utf8Serde SERDE = new Utf8Serde();

    private final List<StateBackend<String, String>> open = new ArrayList<>();

    /** The backend under test. */
    protected abstract StateBackendFactory factory();

    /** Options for the backend of job {@code jobName}; none by default. */
    protected Map<String, String> options(String jobName) {
        return Map.of();
    }

    /** A Hazelcast member for backends that keep state in Hazelcast; {@code null} by default. */
    protected HazelcastInstance hazelcastInstance() {
        return null;
    }

    /** How long {@link StateBackend#open} may take; default 60 s. */
    protected Duration openTimeout() {
        return Duration.ofSeconds(60);
    }

    @AfterEach
    void closeBackends() throws Exception {
        for (StateBackend<String, String> b : open) {
            b.close();
        }
        open.clear();
    }

    /** A new job with a unique name and id. */
    protected final TckJob newJob(String name) {
        long id = JOB_IDS.incrementAndGet();
        return new TckJob(name + "-" + Long.toHexString(id), id, PARTITIONS);
    }

    @Test
    void shouldReadOwnWritesAndRemovals() throws Exception {
        StateBackend<String, String> backend = openFresh(newJob("rw"), 0, 1, all());
        KeyedStateStore<String, String> store = backend.store(2);
        assertThat(store.get("k")).isNull();
        store.put("k", "v1");
        assertThat(store.get("k")).isEqualTo("v1");
        store.put("k", "v2");
        assertThat(store.get("k")).isEqualTo("v2");
        assertThat(store.size()).isEqualTo(1);
        store.remove("k");
        assertThat(store.get("k")).isNull();
        assertThat(store.size()).isZero();
        store.remove("never-there");
        assertThat(store.size()).isZero();
    }

    @Test
    void shouldKeepPartitionsApart() throws Exception {
        StateBackend<String, String> backend = openFresh(newJob("apart"), 0, 1, all());
        backend.store(0).put("k", "in-0");
        backend.store(1).put("k", "in-1");
        assertThat(backend.store(0).get("k")).isEqualTo("in-0");
        assertThat(backend.store(1).get("k")).isEqualTo("in-1");
        assertThat(backend.store(2).get("k")).isNull();
    }

    @Test
    void shouldIterateEveryEntry() throws Exception {
        StateBackend<String, String> backend = openFresh(newJob("iterate"), 0, 1, all());
        KeyedStateStore<String, String> store = backend.store(1);
        for (int i = 0; i < 100; i++) {
            store.put("k" + i, "v" + i);
        }
        store.remove("k7");
        Map<String, String> seen = new HashMap<>();
        store.forEach(seen::put);
        assertThat(seen).hasSize(99).containsEntry("k0", "v0").containsEntry("k99", "v99").doesNotContainKey("k7");
    }

    @Test
    void shouldRestoreTheStateOfTheLastCompletedSnapshot() throws Exception {
        TckJob job = newJob("restore");
        SnapshotStore snapshots = new SnapshotStore();
        StateBackend<String, String> first = openFresh(job, 0, 1, all());
        writeKeys(first, "a", 50);
        first.store(3).remove("a-3");
        snapshots.complete(1, List.of(first));
        close(first);

        StateBackend<String, String> restored = openRestored(job, snapshots, 0, 1, all());
        assertKeys(restored, "a", 50, "a-3");
    }

    @Test
    void shouldDiscardChangesMadeAfterTheRestoredSnapshot() throws Exception {
        assertChangesAfterTheRestoredSnapshotDiscarded("discard", false);
    }

    /** {@link StateBackend#idle} may send changes before any snapshot: a restore still discards those after it. */
    @Test
    void shouldDiscardChangesSentWhileIdleAfterTheRestoredSnapshot() throws Exception {
        assertChangesAfterTheRestoredSnapshotDiscarded("idle-discard", true);
    }

    // Snapshot 1 holds "before"; the changes after it (with idle calls, or phase 1 of a snapshot never recorded)
    // are lost in a crash.
    private void assertChangesAfterTheRestoredSnapshotDiscarded(String name, boolean idle) throws Exception {
        TckJob job = newJob(name);
        SnapshotStore snapshots = new SnapshotStore();
        StateBackend<String, String> first = openFresh(job, 0, 1, all());
        writeKeys(first, "before", 20);
        if (idle) {
            first.idle();
        }
        snapshots.complete(1, List.of(first));
        writeKeys(first, "after", 20);
        first.store(1).remove("before-1");
        first.store(2).put("before-2", "changed");
        if (idle) {
            first.idle();                               // the backend may send these now...
            first.idle();
        } else {
            snapshots.prepare(2, List.of(first));       // phase 1 ran here, but the snapshot was never recorded
        }
        close(first);                                   // crash

        StateBackend<String, String> restored = openRestored(job, snapshots, 0, 1, all());
        assertKeys(restored, "before", 20);
        assertThat(restored.store(2).get("before-2")).isEqualTo("before-2-v");
        assertThat(countAll(restored)).isEqualTo(20);
    }

    /** Changes sent while idle and then covered by a snapshot are restored, with later ones of the same keys. */
    @Test
    void shouldRestoreChangesSentWhileIdleOnceASnapshotCoversThem() throws Exception {
        TckJob job = newJob("idle-covered");
        SnapshotStore snapshots = new SnapshotStore();
        StateBackend<String, String> first = openFresh(job, 0, 1, all());
        writeKeys(first, "idle", 20);
        first.idle();
        first.store(2).put("idle-2", "changed");
        first.store(1).remove("idle-1");
        writeKeys(first, "late", 5);
        snapshots.complete(1, List.of(first));
        close(first);

        StateBackend<String, String> restored = openRestored(job, snapshots, 0, 1, all());
        assertKeys(restored, "late", 5);
        assertThat(restored.store(2).get("idle-2")).isEqualTo("changed");
        assertThat(restored.store(1).get("idle-1")).isNull();
        assertThat(restored.store(3).get("idle-3")).isEqualTo("idle-3-v");
        assertThat(countAll(restored)).isEqualTo(24);
    }

    @Test
    void shouldRestoreEverythingUpToPhaseOneWhenTheCrashCameBeforePhaseTwo() throws Exception {
        TckJob job = newJob("between-phases");
        SnapshotStore snapshots = new SnapshotStore();
        StateBackend<String, String> first = openFresh(job, 0, 1, all());
        writeKeys(first, "one", 10);
        snapshots.complete(1, List.of(first));
        writeKeys(first, "two", 10);
        snapshots.prepare(2, List.of(first));
        snapshots.record(2);                            // snapshot 2 completed in Jet...
        writeKeys(first, "three", 10);                  // ...processing went on...
        close(first);                                   // ...and the job died before phase 2

        StateBackend<String, String> restored = openRestored(job, snapshots, 0, 1, all());
        assertKeys(restored, "one", 10);
        assertKeys(restored, "two", 10);
        assertThat(countAll(restored)).isEqualTo(20);
    }

    @Test
    void shouldKeepChangesOfAFailedSnapshotForTheNextSuccessfulOne() throws Exception {
        TckJob job = newJob("failed-snapshot");
        SnapshotStore snapshots = new SnapshotStore();
        StateBackend<String, String> first = openFresh(job, 0, 1, all());
        writeKeys(first, "x", 10);
        snapshots.prepare(1, List.of(first));           // another processor failed it: never recorded
        snapshots.finish(1, false, List.of(first));
        writeKeys(first, "y", 10);
        snapshots.complete(2, List.of(first));
        close(first);

        StateBackend<String, String> restored = openRestored(job, snapshots, 0, 1, all());
        assertKeys(restored, "x", 10);
        assertKeys(restored, "y", 10);
    }

    @Test
    void shouldGiveEveryPartitionToExactlyOneProcessorAfterRescaling() throws Exception {
        TckJob job = newJob("rescale");
        SnapshotStore snapshots = new SnapshotStore();
        StateBackend<String, String> p0 = openFresh(job, 0, 2, new int[] {0, 2});
        StateBackend<String, String> p1 = openFresh(job, 1, 2, new int[] {1, 3});
        for (int p : new int[] {0, 2}) {
            p0.store(p).put("key-" + p, "from-p0");
        }
        for (int p : new int[] {1, 3}) {
            p1.store(p).put("key-" + p, "from-p1");
        }
        snapshots.complete(1, List.of(p0, p1));
        close(p0);
        close(p1);

        // scale down to one processor
        StateBackend<String, String> single = openRestored(job, snapshots, 0, 1, all());
        for (int p = 0; p < PARTITIONS; p++) {
            assertThat(single.store(p).get("key-" + p)).isEqualTo(p % 2 == 0 ? "from-p0" : "from-p1");
            assertThat(single.store(p).size()).isEqualTo(1);
        }
        single.store(1).put("key-1", "changed-by-single");
        snapshots.complete(2, List.of(single));
        close(single);

        // scale up to three processors
        int[][] owned = {{0, 3}, {1}, {2}};
        List<StateBackend<String, String>> three = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            three.add(openRestored(job, snapshots, i, 3, owned[i]));
        }
        for (int i = 0; i < 3; i++) {
            for (int p : owned[i]) {
                String expected = p == 1 ? "changed-by-single" : p % 2 == 0 ? "from-p0" : "from-p1";
                assertThat(three.get(i).store(p).get("key-" + p)).as("partition " + p).isEqualTo(expected);
                assertThat(three.get(i).store(p).size()).isEqualTo(1);
            }
        }
    }

    /**
     * A snapshot taken while one processor was still opening after a restore (Jet does not wait for a long
     * restore) and the other ran on, both crashed between the phases, then a restore with one processor (a
     * member lost): it must give the state both had at that snapshot. A backend whose snapshot entries name
     * what one execution left behind must not mix two executions' entries here.
     */
    @Test
    void shouldRestoreASnapshotTakenWhileAProcessorWasStillOpening() throws Exception {
        TckJob job = newJob("while-opening");
        SnapshotStore snapshots = new SnapshotStore();
        StateBackend<String, String> p0 = openFresh(job, 0, 2, new int[] {0, 2});
        StateBackend<String, String> p1 = openFresh(job, 1, 2, new int[] {1, 3});
        for (int p = 0; p < PARTITIONS; p++) {
            (p % 2 == 0 ? p0 : p1).store(p).put("key-" + p, "first");
        }
        snapshots.prepare(1, List.of(p0, p1));
        snapshots.record(1);                            // the job dies before phase 2
        close(p0);
        close(p1);

        StateBackend<String, String> running = openRestored(job, snapshots, 0, 2, new int[] {0, 2});
        StateBackend<String, String> opening = openRestored(job, snapshots, 1, 2, new int[] {1, 3});
        running.store(0).put("key-0", "second");
        running.store(2).put("key-2b", "second");
        snapshots.prepareWhileOpening(2, List.of(running), List.of(opening), openTimeout());
        snapshots.record(2);
        close(running);                                 // and dies before phase 2 again
        close(opening);

        StateBackend<String, String> single = openRestored(job, snapshots, 0, 1, all());
        assertThat(single.store(0).get("key-0")).isEqualTo("second");
        assertThat(single.store(2).get("key-2b")).isEqualTo("second");
        assertThat(single.store(2).get("key-2")).isEqualTo("first");
        assertThat(single.store(1).get("key-1")).isEqualTo("first");
        assertThat(single.store(3).get("key-3")).isEqualTo("first");
        assertThat(countAll(single)).isEqualTo(5);
    }

    @Test
    void shouldStartEmptyForANewJobWithTheSameName() throws Exception {
        TckJob job = newJob("resubmitted");
        SnapshotStore snapshots = new SnapshotStore();
        StateBackend<String, String> first = openFresh(job, 0, 1, all());
        writeKeys(first, "old", 10);
        snapshots.complete(1, List.of(first));
        close(first);

        TckJob resubmitted = new TckJob(job.name(), JOB_IDS.incrementAndGet(), PARTITIONS);
        StateBackend<String, String> fresh = openFresh(resubmitted, 0, 1, all());
        assertThat(countAll(fresh)).isZero();
    }

    @Test
    void shouldRefuseAPartitionItDoesNotOwn() throws Exception {
        StateBackend<String, String> backend = openFresh(newJob("unowned"), 0, 2, new int[] {0, 2});
        assertThatThrownBy(() -> backend.store(1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldCloseTwiceWithoutError() throws Exception {
        StateBackend<String, String> backend = openFresh(newJob("close"), 0, 1, all());
        backend.store(0).put("k", "v");
        backend.close();
        backend.close();
        open.remove(backend);
    }

    // ---- helpers for subclasses' own tests too

    /** Creates and opens the backend of processor {@code index} of {@code total} for a job that starts fresh. */
    protected final StateBackend<String, String> openFresh(TckJob job, int index, int total, int[] owned)
            throws Exception {
        StateBackend<String, String> backend = create(job, index, total, owned);
        await(backend.open(false));
        return backend;
    }

    private StateBackend<String, String> openRestored(TckJob job, SnapshotStore snapshots, int index, int total,
                                                      int[] owned) throws Exception {
        StateBackend<String, String> backend = create(job, index, total, owned);
        snapshots.restoreInto(backend, owned);
        await(backend.open(snapshots.hasRecorded()));
        return backend;
    }

    private StateBackend<String, String> create(TckJob job, int index, int total, int[] owned) throws Exception {
        StateBackendContext<String, String> context = FakeStateBackendContext.builder(SERDE, SERDE)
                .jobName(job.name()).jobId(job.id()).vertexName("tck-vertex")
                .statePartitionCount(job.partitions()).processor(index, total).ownedStatePartitions(owned)
                .options(options(job.name())).hazelcastInstance(hazelcastInstance())
                .build();
        StateBackend<String, String> backend = factory().create(context);
        open.add(backend);
        return backend;
    }

    private void close(StateBackend<String, String> backend) throws Exception {
        backend.close();
        open.remove(backend);
    }

    private void await(CompletionStage<Void> stage) throws Exception {
        stage.toCompletableFuture().get(openTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The partitions 0..PARTITIONS-1. */
    protected static int[] all() {
        int[] all = new int[PARTITIONS];
        for (int p = 0; p < PARTITIONS; p++) {
            all[p] = p;
        }
        return all;
    }

    private static void writeKeys(StateBackend<String, String> backend, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            backend.store(i % PARTITIONS).put(prefix + "-" + i, prefix + "-" + i + "-v");
        }
    }

    private static void assertKeys(StateBackend<String, String> backend, String prefix, int count, String... absent) {
        List<String> missing = List.of(absent);
        for (int i = 0; i < count; i++) {
            String key = prefix + "-" + i;
            String value = backend.store(i % PARTITIONS).get(key);
            if (missing.contains(key)) {
                assertThat(value).as(key).isNull();
            } else {
                assertThat(value).as(key).isEqualTo(key + "-v");
            }
        }
    }

    private static long countAll(StateBackend<String, String> backend) {
        long n = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            n += backend.store(p).size();
        }
        return n;
    }
}
