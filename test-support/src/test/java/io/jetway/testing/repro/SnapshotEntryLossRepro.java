package io.jetway.testing.repro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.BuildInfoProvider;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.Traverser;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.config.ProcessingGuarantee;
import com.hazelcast.jet.core.AbstractProcessor;
import com.hazelcast.jet.core.DAG;
import com.hazelcast.jet.impl.JetServiceBackend;
import com.hazelcast.jet.impl.util.Util;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Hazelcast Jet alone, no Jetway class: one member in this JVM runs a job of one stock {@link AbstractProcessor}
 * that saves N entries to its snapshot; {@link Job#restart()} takes a terminal snapshot (exactly-once) and the
 * next execution restores it, counting the entries it gets back. Entries that Jet's snapshot writer refused
 * ({@code AsyncSnapshotWriterImpl.offer} returns false when the member already has
 * {@code JetServiceBackend.MAX_PARALLEL_ASYNC_OPS} chunk puts in flight) are lost: {@code StoreSnapshotTasklet}
 * remembers only the last refused entry of a drain and goes on draining. See docs/snapshot-entry-loss.md.
 * <p>
 * Run: {@code mvn -B -o verify -pl test-support -Dtest=SnapshotEntryLossRepro -Dsurefire.failIfNoSpecifiedTests=false}
 * (add {@code -Dhazelcast.version=5.5.0} for another Hazelcast; {@code -Djetway.repro.natural=true} for the
 * natural-load variant, sized by {@code -Djetway.repro.entries} and {@code -Djetway.repro.entryBytes}).
 */
class SnapshotEntryLossRepro {

    /** Snapshot entries of the deterministic test: all keys in one partition, 1 KB each, about 31 chunks. */
    private static final int ENTRIES = 4_000;
    private static final int ENTRY_BYTES = 1_000;
    /** saveToSnapshot calls in a row without progress that mean "stuck on a full snapshot queue". */
    private static final int STUCK_CALLS = 1_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private HazelcastInstance member;
    private Job job;

    @BeforeEach
    void resetProbe() {
        Probe.reset();
    }

    @AfterEach
    void shutDown() {
        try {
            if (job != null) {
                job.cancel();
                job.getFuture().handle((result, failure) -> null).get(30, TimeUnit.SECONDS);
            }
        } catch (RuntimeException | ExecutionException | TimeoutException ignored) {
            // the member goes down next anyway
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (member != null) {
                member.getLifecycleService().terminate();
            }
        }
    }

    /**
     * Holds the member's async-op counter at its limit so that the snapshot writer refuses every chunk flush,
     * waits until the processor is stuck on a full snapshot queue, releases the counter and compares what the
     * restarted job restores with what it saved. One cooperative thread: the processor fills the snapshot
     * queue (1024 entries) before the store tasklet drains it, so the first refusal happens early in a large
     * drain and the loss does not depend on thread timing. All keys live in one partition so that a 128 KB
     * chunk buffer fills (and is refused) while draining, not only at the barrier.
     */
    @Test
    void hazelcastFrom52DropsRefusedSnapshotEntries() {
        member = Hazelcast.newHazelcastInstance(memberConfig(1));
        int[] keys = keysOfOnePartition(member, ENTRIES);
        job = member.getJet().newJob(dag(keys, ENTRIES, ENTRY_BYTES), jobConfig());
        awaitRunning();

        AtomicInteger asyncOps = jetService(member).numConcurrentAsyncOps();
        CompletableFuture<Void> restart;
        asyncOps.addAndGet(JetServiceBackend.MAX_PARALLEL_ASYNC_OPS);
        try {
            restart = CompletableFuture.runAsync(job::restart);
            await("the processor is refused " + STUCK_CALLS + " times in a row by its snapshot outbox")
                    .atMost(TIMEOUT)
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> Probe.callsWithoutProgress.get() >= STUCK_CALLS);
        } finally {
            asyncOps.addAndGet(-JetServiceBackend.MAX_PARALLEL_ASYNC_OPS);
        }
        restart.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
        awaitRestored();

        long saved = Probe.savedInLastSnapshot.get();
        long restored = Probe.restored.get();
        String version = BuildInfoProvider.getBuildInfo().getVersion();
        String report = "Hazelcast " + version + ": saved " + saved + ", restored " + restored
                + ", missing " + missingRuns(keys);
        System.out.println(report);

        assertThat(saved).as("entries the processor saved").isEqualTo(ENTRIES);
        assertThat(Probe.distinctRestored()).as("restored keys without duplicates").isEqualTo(restored);
        if (dropsRefusedEntries(version)) {
            // 5.2.0 on: StoreSnapshotTasklet drains through a Consumer, a refusal does not stop the drain.
            assertThat(restored).as(report).isLessThan(saved);
        } else {
            assertThat(restored).as(report).isEqualTo(saved);
        }
    }

    /**
     * The same job under its own load, no counter touched: {@code -Djetway.repro.natural=true}, sized by
     * {@code jetway.repro.entries} (default 800,000) and {@code jetway.repro.entryBytes} (default 500).
     * Fails when the restore misses entries, as a plain reproducer would.
     */
    @Test
    @EnabledIfSystemProperty(named = "jetway.repro.natural", matches = "true")
    void naturalLoadRestoresEverySavedEntry() {
        int entries = Integer.getInteger("jetway.repro.entries", 800_000);
        int entryBytes = Integer.getInteger("jetway.repro.entryBytes", 500);
        Duration timeout = Duration.ofMinutes(Integer.getInteger("jetway.repro.timeoutMinutes", 20));

        member = Hazelcast.newHazelcastInstance(memberConfig(0));
        job = member.getJet().newJob(dag(null, entries, entryBytes), jobConfig());
        awaitRunning();

        long start = System.nanoTime();
        job.restart();
        await("the restarted job restored its snapshot").atMost(timeout).pollInterval(Duration.ofMillis(100))
                .until(() -> Probe.restoreFinished);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        long saved = Probe.savedInLastSnapshot.get();
        long restored = Probe.restored.get();
        String report = "Hazelcast " + BuildInfoProvider.getBuildInfo().getVersion() + ", " + entries + " x "
                + entryBytes + " B: saved " + saved + ", restored " + restored + ", distinct "
                + Probe.distinctRestored() + ", restart to end of restore " + millis + " ms";
        System.out.println(report);

        assertThat(saved).as(report).isEqualTo(entries);
        assertThat(restored).as(report).isEqualTo(saved);
    }

    /** Hazelcast 5.2.0 to 5.7.0 at least (checked by bytecode); 5.1.x stops the drain at a refusal. */
    private static boolean dropsRefusedEntries(String version) {
        String[] parts = version.split("[.-]");
        int major = Integer.parseInt(parts[0]);
        int minor = Integer.parseInt(parts[1]);
        return major > 5 || major == 5 && minor >= 2;
    }

    private void awaitRunning() {
        await("the job runs").atMost(TIMEOUT).pollInterval(Duration.ofMillis(20))
                .until(() -> Probe.completeCalls.get() > 0);
        Probe.restoreFinished = false;
    }

    private static void awaitRestored() {
        await("the restarted job restored its snapshot").atMost(TIMEOUT).pollInterval(Duration.ofMillis(20))
                .until(() -> Probe.restoreFinished);
    }

    private static DAG dag(int[] keys, int entries, int entryBytes) {
        DAG dag = new DAG();
        dag.newVertex("save-n-entries", () -> new SavingProcessor(keys, entries, entryBytes)).localParallelism(1);
        return dag;
    }

    private static JobConfig jobConfig() {
        // No periodic snapshot: the terminal snapshot of restart() is the only one.
        return new JobConfig().setName("snapshot-entry-loss")
                .setProcessingGuarantee(ProcessingGuarantee.EXACTLY_ONCE)
                .setSnapshotIntervalMillis(TimeUnit.HOURS.toMillis(1));
    }

    /** A lone member on 127.0.0.1, no join, no phone-home; {@code cooperativeThreads} 0 keeps Jet's default. */
    private static Config memberConfig(int cooperativeThreads) {
        String name = "snapshot-entry-loss-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
        Config config = new Config(name);
        config.setClusterName(name);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.socket.bind.any", "false");
        NetworkConfig network = config.getNetworkConfig();
        network.getInterfaces().setEnabled(true).setInterfaces(List.of("127.0.0.1"));
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(false);
        config.getJetConfig().setEnabled(true);
        if (cooperativeThreads > 0) {
            config.getJetConfig().setCooperativeThreadCount(cooperativeThreads);
        }
        return config;
    }

    private static JetServiceBackend jetService(HazelcastInstance instance) {
        return Util.getNodeEngine(instance).getService(JetServiceBackend.SERVICE_NAME);
    }

    /** The first {@code count} non-negative ints that fall into the partition of key 0, ascending. */
    private static int[] keysOfOnePartition(HazelcastInstance instance, int count) {
        int partition = instance.getPartitionService().getPartition(0).getPartitionId();
        int[] keys = new int[count];
        int found = 0;
        for (int candidate = 0; found < count; candidate++) {
            if (instance.getPartitionService().getPartition(candidate).getPartitionId() == partition) {
                keys[found++] = candidate;
            }
        }
        return keys;
    }

    /** The runs of save positions (0-based, in save order) whose key did not come back. */
    private static String missingRuns(int[] keys) {
        BitSet restored = Probe.restoredKeys();
        List<String> runs = new ArrayList<>();
        int runStart = -1;
        for (int i = 0; i <= keys.length; i++) {
            boolean missing = i < keys.length && !restored.get(keys[i]);
            if (missing && runStart < 0) {
                runStart = i;
            } else if (!missing && runStart >= 0) {
                runs.add(runStart == i - 1 ? Integer.toString(runStart) : runStart + ".." + (i - 1));
                runStart = -1;
            }
        }
        return runs.isEmpty() ? "none" : "save positions " + runs;
    }

    /** What the processors report to the test (same JVM, same class loader). */
    static final class Probe {
        static final AtomicLong completeCalls = new AtomicLong();
        static final AtomicLong callsWithoutProgress = new AtomicLong();
        static final AtomicLong savedInLastSnapshot = new AtomicLong();
        static final AtomicLong restored = new AtomicLong();
        static volatile boolean restoreFinished;
        private static BitSet restoredKeys = new BitSet();

        private Probe() {
        }

        static synchronized void reset() {
            completeCalls.set(0);
            callsWithoutProgress.set(0);
            savedInLastSnapshot.set(0);
            restored.set(0);
            restoreFinished = false;
            restoredKeys = new BitSet();
        }

        static synchronized void restoredKey(int key) {
            restoredKeys.set(key);
        }

        static synchronized BitSet restoredKeys() {
            return (BitSet) restoredKeys.clone();
        }

        static synchronized long distinctRestored() {
            return restoredKeys.cardinality();
        }
    }

    /**
     * Streaming (never completes), saves {@code entries} entries of {@code entryBytes} bytes at each snapshot
     * and counts what it restores. Keys are {@code keys[i]}, or {@code i} when {@code keys} is null.
     */
    static final class SavingProcessor extends AbstractProcessor {
        private final int[] keys;
        private final int entries;
        private final byte[] value;
        private Traverser<Map.Entry<Integer, byte[]>> snapshotTraverser;
        private int handedOut;

        SavingProcessor(int[] keys, int entries, int entryBytes) {
            this.keys = keys;
            this.entries = entries;
            this.value = new byte[entryBytes];
            Arrays.fill(value, (byte) 'x');
        }

        @Override
        public boolean complete() {
            Probe.completeCalls.incrementAndGet();
            return false;
        }

        @Override
        public boolean saveToSnapshot() {
            if (snapshotTraverser == null) {
                handedOut = 0;
                // The outbox serialises key and value when it accepts them, so one value array serves all.
                snapshotTraverser = () -> handedOut < entries
                        ? new SimpleImmutableEntry<>(keys == null ? handedOut++ : keys[handedOut++], value)
                        : null;
            }
            int before = handedOut;
            boolean done = emitFromTraverserToSnapshot(snapshotTraverser);
            if (handedOut == before) {
                Probe.callsWithoutProgress.incrementAndGet();
            } else {
                Probe.callsWithoutProgress.set(0);
            }
            if (done) {
                Probe.savedInLastSnapshot.set(handedOut);
                snapshotTraverser = null;
            }
            return done;
        }

        @Override
        protected void restoreFromSnapshot(Object key, Object restoredValue) {
            Probe.restored.incrementAndGet();
            Probe.restoredKey((Integer) key);
        }

        @Override
        public boolean finishSnapshotRestore() {
            Probe.restoreFinished = true;
            return true;
        }
    }
}
