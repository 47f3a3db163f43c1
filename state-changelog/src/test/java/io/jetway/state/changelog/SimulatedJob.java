package io.jetway.state.changelog;

import io.jetway.spi.state.KeyedStateStore;
import io.jetway.spi.state.StateBackend;
import io.jetway.spi.tck.FakeStateBackendContext;
import io.jetway.spi.tck.SnapshotStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Drives {@code kafka-changelog} backends through their life cycle as Jet would, with spi-tck's
 * {@link SnapshotStore} as the "Jet snapshot store": phase 1 collects every processor's entries under the
 * snapshot id; a snapshot counts once {@link Execution#record recorded} (Jet records it after phase 1 of all
 * processors, before phase 2); a restore gives each new processor the entries of the state partitions it owns.
 * State partition of a key: {@code floorMod(key.hashCode(), partitions)}; processor {@code i} of
 * {@code P} owns the partitions {@code p} with {@code p % P == i}.
 */
final class SimulatedJob {

    static final Duration OPEN_TIMEOUT = Duration.ofSeconds(90);

    private final String jobName;
    private final int partitions;
    /** The job's settings; each processor's context is built from it with its index. */
    private final FakeStateBackendContext.Builder<String, Long> contexts;
    private final KafkaChangelogStateBackendFactory factory = new KafkaChangelogStateBackendFactory();
    private final SnapshotStore snapshots = new SnapshotStore();
    private long nextSnapshotId = 1;

    SimulatedJob(String jobName, int partitions, Map<String, String> options, boolean exactlyOnce) {
        this.jobName = jobName;
        this.partitions = partitions;
        this.contexts = FakeStateBackendContext.builder(TestSerdes.STRINGS, TestSerdes.LONGS)
                .jobName(jobName).vertexName("count").statePartitionCount(partitions)
                .options(options).exactlyOnce(exactlyOnce);
    }

    /** A fresh start: every backend opened with {@code open(false)}. */
    Execution start(int parallelism) {
        Execution execution = create(parallelism);
        execution.open(false);
        return execution;
    }

    /** A restore from the last recorded snapshot. */
    Execution restore(int parallelism) {
        return restore(parallelism, snapshots.lastRecorded());
    }

    /** A restore from snapshot {@code snapshotId}, which need not be the last one. */
    Execution restore(int parallelism, long snapshotId) {
        Execution execution = fed(parallelism, snapshotId);
        execution.open(true);
        return execution;
    }

    /** Creates the backends of a restore without opening them, to test open failures. */
    Execution restoreUnopened(int parallelism) {
        return fed(parallelism, snapshots.lastRecorded());
    }

    /** The backends of a restore from snapshot {@code snapshotId}, not opened; closed again if feeding fails. */
    private Execution fed(int parallelism, long snapshotId) {
        Execution execution = create(parallelism);
        try {
            execution.feed(snapshotId);
        } catch (RuntimeException e) {
            try {
                execution.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
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
        return snapshots.lastRecorded();
    }

    private Execution create(int parallelism) {
        List<StateBackend<String, Long>> backends = new ArrayList<>();
        List<int[]> owned = new ArrayList<>();
        for (int i = 0; i < parallelism; i++) {
            FakeStateBackendContext<String, Long> context = contexts.processor(i, parallelism).build();
            owned.add(context.ownedStatePartitions());
            backends.add(factory.create(context));
        }
        return new Execution(backends, owned);
    }

    private interface Step {
        void run() throws Exception;
    }

    /** One execution of the job: a backend per processor. */
    final class Execution implements AutoCloseable {
        private final List<StateBackend<String, Long>> backends;
        /** The state partitions each backend owns, by processor index. */
        private final List<int[]> owned;
        private CompletableFuture<Void> opened;

        private Execution(List<StateBackend<String, Long>> backends, List<int[]> owned) {
            this.backends = backends;
            this.owned = owned;
        }

        /** Gives every backend the entries of snapshot {@code snapshotId} for the partitions it owns. */
        private void feed(long snapshotId) {
            for (int i = 0; i < backends.size(); i++) {
                StateBackend<String, Long> backend = backends.get(i);
                int[] partitions = owned.get(i);
                callUnchecked(() -> snapshots.restoreInto(snapshotId, backend, partitions));
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
                for (int p : owned.get(i)) {
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
            callUnchecked(() -> snapshots.prepare(snapshotId, backends));
            return snapshotId;
        }

        /**
         * Phase 1 as Jet runs it while the processors {@code stillOpening} have not seen their open complete:
         * they answer {@link StateBackend#prepareSnapshotWhileOpening} (asked again until they answer, as the
         * host does), the others prepare. Returns the snapshot id.
         */
        long phase1WhileOpening(Set<Integer> stillOpening) {
            long snapshotId = nextSnapshotId++;
            List<StateBackend<String, Long>> running = new ArrayList<>();
            List<StateBackend<String, Long>> opening = new ArrayList<>();
            for (int i = 0; i < backends.size(); i++) {
                (stillOpening.contains(i) ? opening : running).add(backends.get(i));
            }
            callUnchecked(() -> snapshots.prepareWhileOpening(snapshotId, running, opening, OPEN_TIMEOUT));
            return snapshotId;
        }

        /** Jet records the snapshot as successful: a restore now starts from it. */
        void record(long snapshotId) {
            snapshots.record(snapshotId);
        }

        /** Phase 2 on every processor. */
        void phase2(long snapshotId, boolean success) {
            callUnchecked(() -> snapshots.finish(snapshotId, success, backends));
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
                callUnchecked(backend::close);
            }
        }

        /** Runs {@code step}; what it throws is wrapped in an {@link IllegalStateException}. */
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
