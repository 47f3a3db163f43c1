package io.jetway.state.changelog;

import io.jetway.spi.state.KeyedStateStore;
import io.jetway.spi.state.SnapshotWhileOpening;
import io.jetway.spi.state.SnapshotWriter;
import io.jetway.spi.state.StateBackend;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import static org.awaitility.Awaitility.await;

/**
 * Drives {@code kafka-changelog} backends through their life cycle as Jet would, with a small in-test
 * "Jet snapshot store": phase 1 collects every processor's entries under the snapshot id; a snapshot
 * counts once {@link Execution#record recorded} (Jet records it after phase 1 of all processors, before
 * phase 2); a restore gives each new processor the recorded entries of the state partitions it owns.
 * State partition of a key: {@code floorMod(key.hashCode(), partitions)}; processor {@code i} of
 * {@code P} owns the partitions {@code p} with {@code p % P == i}.
 */
final class SimulatedJob {

    static final Duration OPEN_TIMEOUT = Duration.ofSeconds(90);

    private final String jobName;
    private final int partitions;
    private final Map<String, String> options;
    private final boolean exactlyOnce;
    private final KafkaChangelogStateBackendFactory factory = new KafkaChangelogStateBackendFactory();
    private final Map<Long, List<Entry>> snapshots = new TreeMap<>();
    private long lastRecorded = -1;
    private long nextSnapshotId = 1;

    SimulatedJob(String jobName, int partitions, Map<String, String> options, boolean exactlyOnce) {
        this.jobName = jobName;
        this.partitions = partitions;
        this.options = Map.copyOf(options);
        this.exactlyOnce = exactlyOnce;
    }

    /** A fresh start: every backend opened with {@code open(false)}. */
    Execution start(int parallelism) {
        Execution execution = create(parallelism);
        execution.open(false);
        return execution;
    }

    /** A restore from the last recorded snapshot. */
    Execution restore(int parallelism) {
        return restore(parallelism, lastRecorded);
    }

    /** A restore from snapshot {@code snapshotId}, which need not be the last one. */
    Execution restore(int parallelism, long snapshotId) {
        List<Entry> entries = snapshots.get(snapshotId);
        if (entries == null) {
            throw new IllegalStateException("No snapshot " + snapshotId + " recorded");
        }
        Execution execution = create(parallelism);
        execution.feed(entries);
        execution.open(true);
        return execution;
    }

    /** Creates the backends of a restore without opening them, to test open failures. */
    Execution restoreUnopened(int parallelism) {
        Execution execution = create(parallelism);
        execution.feed(snapshots.get(lastRecorded));
        return execution;
    }

    /** The prefix of the job's transactional ids (the default: {@code <jobName>-<vertexName>}). */
    String transactionalIdPrefix() {
        return jobName + "-count";
    }

    /** The job's changelog topic (the default: {@code <jobName>-<vertexName>-changelog}). */
    String topic() {
        return jobName + "-count-changelog";
    }

    @Override
    public String toString() {
        return "job '" + jobName + "'";
    }

    int partitionOf(String key) {
        return Math.floorMod(key.hashCode(), partitions);
    }

    long lastRecordedSnapshot() {
        return lastRecorded;
    }

    private Execution create(int parallelism) {
        List<StateBackend<String, Long>> backends = new ArrayList<>();
        for (int i = 0; i < parallelism; i++) {
            List<Integer> owned = new ArrayList<>();
            for (int p = i; p < partitions; p += parallelism) {
                owned.add(p);
            }
            TestStateContext context = new TestStateContext(jobName, "count", i, parallelism, partitions,
                    owned.stream().mapToInt(Integer::intValue).toArray(), options, exactlyOnce);
            backends.add(factory.create(context));
        }
        return new Execution(backends);
    }

    private record Entry(int partition, Object key, Object value) {
    }

    private interface Step {
        void run() throws Exception;
    }

    /** One execution of the job: a backend per processor. */
    final class Execution implements AutoCloseable {
        private final List<StateBackend<String, Long>> backends;
        private final Map<StateBackend<String, Long>, List<Entry>> fed = new HashMap<>();
        private CompletableFuture<Void> opened;

        private Execution(List<StateBackend<String, Long>> backends) {
            this.backends = backends;
        }

        private void feed(List<Entry> entries) {
            for (Entry entry : entries) {
                try {
                    StateBackend<String, Long> owner = ownerOf(entry.partition);
                    fed.computeIfAbsent(owner, b -> new ArrayList<>()).add(entry);
                    owner.restoreEntry(entry.partition, entry.key, entry.value);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }

        /** Opens every backend and waits. */
        void open(boolean restoring) {
            opened = openAsync(restoring);
            try {
                opened.get(OPEN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("Open failed: " + e.getMessage(), e);
            }
        }

        /** Starts opening every backend; all of them complete the returned future. */
        CompletableFuture<Void> openAsync(boolean restoring) {
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (StateBackend<String, Long> backend : backends) {
                all.add(backend.open(restoring).toCompletableFuture());
            }
            return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
        }

        List<StateBackend<String, Long>> backends() {
            return backends;
        }

        /** The store that holds {@code key}. */
        KeyedStateStore<String, Long> store(String key) {
            int partition = partitionOf(key);
            return ownerOf(partition).store(partition);
        }

        void put(String key, long value) {
            store(key).put(key, value);
        }

        Long get(String key) {
            return store(key).get(key);
        }

        /** Every key and value of every store. */
        Map<String, Long> state() {
            Map<String, Long> all = new HashMap<>();
            for (int i = 0; i < backends.size(); i++) {
                for (int p = i; p < partitions; p += backends.size()) {
                    KeyedStateStore<String, Long> store = backends.get(i).store(p);
                    BiConsumer<String, Long> collect = (k, v) -> {
                        if (all.put(k, v) != null) {
                            throw new AssertionError("key " + k + " in two stores");
                        }
                    };
                    store.forEach(collect);
                }
            }
            return all;
        }

        /** Phase 1 on every processor; returns the snapshot id. */
        long phase1() {
            long snapshotId = nextSnapshotId++;
            List<Entry> entries = new ArrayList<>();
            for (StateBackend<String, Long> backend : backends) {
                try {
                    backend.prepareSnapshot(snapshotId, (p, k, v) -> entries.add(new Entry(p, k, v)));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            snapshots.put(snapshotId, entries);
            return snapshotId;
        }

        /**
         * Phase 1 as Jet runs it while the processors {@code stillOpening} have not seen their open complete:
         * they answer {@link StateBackend#prepareSnapshotWhileOpening} (asked again until they answer, as the
         * host does), the others prepare. Returns the snapshot id.
         */
        long phase1WhileOpening(Set<Integer> stillOpening) {
            long snapshotId = nextSnapshotId++;
            List<Entry> entries = new ArrayList<>();
            for (int i = 0; i < backends.size(); i++) {
                StateBackend<String, Long> backend = backends.get(i);
                SnapshotWriter writer = (p, k, v) -> entries.add(new Entry(p, k, v));
                if (!stillOpening.contains(i)) {
                    callUnchecked(() -> backend.prepareSnapshot(snapshotId, writer));
                    continue;
                }
                List<Entry> written = new ArrayList<>();
                SnapshotWhileOpening[] answer = new SnapshotWhileOpening[1];
                await().atMost(OPEN_TIMEOUT).until(() -> {
                    written.clear();
                    answer[0] = backend.prepareSnapshotWhileOpening(snapshotId,
                            (p, k, v) -> written.add(new Entry(p, k, v)));
                    return answer[0] != SnapshotWhileOpening.NOT_YET;
                });
                entries.addAll(answer[0] == SnapshotWhileOpening.WRITTEN ? written : fed.getOrDefault(backend, List.of()));
            }
            snapshots.put(snapshotId, entries);
            return snapshotId;
        }

        /** Jet records the snapshot as successful: a restore now starts from it. */
        void record(long snapshotId) {
            lastRecorded = snapshotId;
        }

        /** Phase 2 on every processor. */
        void phase2(long snapshotId, boolean success) {
            for (StateBackend<String, Long> backend : backends) {
                try {
                    backend.finishSnapshot(snapshotId, success);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }

        /** A whole successful snapshot: phase 1, recorded, phase 2. */
        long snapshot() {
            long snapshotId = phase1();
            record(snapshotId);
            phase2(snapshotId, true);
            return snapshotId;
        }

        /**
         * Closes every backend. The backends end no transaction on close, so to Kafka this is a crash; a
         * snapshot not recorded yet stays unrecorded.
         */
        @Override
        public void close() {
            for (StateBackend<String, Long> backend : backends) {
                try {
                    backend.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }

        private void callUnchecked(Step step) {
            try {
                step.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private StateBackend<String, Long> ownerOf(int partition) {
            return backends.get(partition % backends.size());
        }
    }
}
