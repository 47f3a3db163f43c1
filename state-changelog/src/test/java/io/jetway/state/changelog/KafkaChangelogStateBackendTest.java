package io.jetway.state.changelog;

import io.jetway.spi.NamedServiceLoader;
import io.jetway.spi.state.KeyedStateStore;
import io.jetway.spi.state.StateBackend;
import io.jetway.spi.state.StateBackendFactory;
import io.jetway.testing.KafkaBroker;
import io.jetway.testing.KafkaTestData;
import io.jetway.testing.SharedKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.jetway.state.changelog.ChangelogExactlyOnceContract.expectedRange;
import static io.jetway.state.changelog.ChangelogExactlyOnceContract.openTransactions;
import static io.jetway.state.changelog.ChangelogExactlyOnceContract.putRange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The {@code kafka-changelog} backend on the shared broker: everything but the protocol-specific contract. */
class KafkaChangelogStateBackendTest {

    private static final int PARTITIONS = 4;

    private final KafkaBroker kafka = SharedKafka.get();

    @Test
    void shouldBeFoundByNameWithServiceLoader() {
        StateBackendFactory factory = NamedServiceLoader.byName(StateBackendFactory.class, "Kafka-Changelog",
                getClass().getClassLoader());

        assertThat(factory).isInstanceOf(KafkaChangelogStateBackendFactory.class);
        assertThat(factory.isBlocking()).as("store calls block").isFalse();
        assertThat(factory.isSnapshotBlocking()).isTrue();
        assertThat(factory.supportedOptions()).contains("bootstrap.servers", "topic", "kafka.*");
    }

    @Test
    void shouldReadItsOwnWritesAndReportItsMemory() {
        SimulatedJob job = job("read-your-writes", true, Map.of("write.buffer.keys", "0"));   // every change sent
        try (SimulatedJob.Execution execution = job.start(1)) {
            KeyedStateStore<String, Long> store = execution.store("a");
            assertThat(store.get("a")).isNull();

            execution.put("a", 1);
            execution.put("a", 2);
            execution.put("b", 3);
            execution.store("b").remove("b");
            execution.store("c").remove("c");

            assertThat(execution.get("a")).isEqualTo(2L);
            assertThat(execution.get("b")).isNull();
            assertThat(execution.state()).isEqualTo(Map.of("a", 2L));
            Map<String, Long> metrics = metrics(execution.backends().get(0));
            assertThat(metrics.get("changelog.keys")).isEqualTo(1);
            assertThat(metrics.get("changelog.offHeapBytes")).isPositive();
            assertThat(metrics.get("changelog.recordsAppended")).isEqualTo(4);   // 2 puts of a, b, removal of b
            assertThatThrownBy(() -> execution.backends().get(0).store(PARTITIONS))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not own state partition 4");
        }
    }

    /**
     * The write-behind buffer (the default): nothing is sent between snapshots; phase 1 sends each changed
     * key's newest value, or a tombstone, once; the changelog restores the same state.
     */
    @Test
    void shouldSendEachChangedKeysNewestValueOncePerSnapshot() {
        SimulatedJob job = job("write-behind", true);
        Map<String, Long> expected = expectedRange("k", 0, 100, 50);
        try (SimulatedJob.Execution execution = job.start(2)) {
            for (long value = 1; value <= 50; value++) {
                putRange(execution, "k", 0, 100, value);                   // 5,000 updates of 100 keys
            }
            execution.store("k7").remove("k7");
            execution.store("never-there").remove("never-there");
            execution.store("k8").remove("k8");                            // gone and back in the same epoch
            execution.put("k8", 50);
            assertThat(appended(execution)).as("records sent before the snapshot").isZero();

            execution.snapshot();
            assertThat(appended(execution)).as("records sent by the first snapshot").isEqualTo(100);

            putRange(execution, "k", 0, 10, 51);                           // k7 comes back
            execution.snapshot();
            assertThat(appended(execution)).isEqualTo(110);
        }
        expected.putAll(expectedRange("k", 0, 10, 51));

        Map<String, List<Long>> changelog = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : KafkaTestData.readAll(kafka, job.topic(), 110,
                Duration.ofSeconds(30), true)) {
            changelog.computeIfAbsent(TestSerdes.STRINGS.fromBytes(ByteBuffer.wrap(record.key())), k -> new ArrayList<>())
                     .add(record.value() == null ? null : TestSerdes.LONGS.fromBytes(ByteBuffer.wrap(record.value())));
        }
        assertThat(changelog).hasSize(100);
        assertThat(changelog.get("k7")).containsExactly(null, 51L);
        assertThat(changelog.get("k3")).containsExactly(50L, 51L);
        assertThat(changelog.get("k8")).as("no tombstone after its value").containsExactly(50L, 51L);
        assertThat(changelog.get("k42")).containsExactly(50L);
        try (SimulatedJob.Execution restored = job.restore(1)) {
            assertThat(restored.state()).isEqualTo(expected);
        }
    }

    /**
     * An idle processor sends the held keys' newest values, so phase 1 finds nothing left to send
     * ({@code write.buffer.idle.interval.ms=0}: at every idle moment); a processor holding more than
     * {@code write.buffer.idle.max.keys}, or within the interval since its last round, keeps them for phase 1.
     */
    @Test
    void shouldSendTheHeldChangesWhileTheProcessorIsIdle() throws Exception {
        SimulatedJob job = job("write-behind-idle", true, Map.of("write.buffer.idle.interval.ms", "0"));
        try (SimulatedJob.Execution execution = job.start(2)) {
            putRange(execution, "k", 0, 100, 1);
            putRange(execution, "k", 0, 100, 2);
            execution.store("k5").remove("k5");
            assertThat(appended(execution)).as("records sent while busy").isZero();

            idle(execution);
            assertThat(appended(execution)).as("each held key's newest value or tombstone, once").isEqualTo(100);
            idle(execution);
            assertThat(appended(execution)).as("nothing held any more").isEqualTo(100);
            execution.snapshot();
            assertThat(appended(execution)).as("phase 1 had nothing left to send").isEqualTo(100);

            putRange(execution, "k", 0, 10, 3);                            // k5 comes back
            idle(execution);
            assertThat(appended(execution)).isEqualTo(110);
            execution.snapshot();
        }
        Map<String, Long> expected = expectedRange("k", 0, 100, 2);
        expected.putAll(expectedRange("k", 0, 10, 3));
        try (SimulatedJob.Execution restored = job.restore(1)) {
            assertThat(restored.state()).isEqualTo(expected);
        }

        SimulatedJob busy = job("write-behind-idle-busy", true,
                Map.of("write.buffer.idle.interval.ms", "0", "write.buffer.idle.max.keys", "20"));
        try (SimulatedJob.Execution execution = busy.start(2)) {
            putRange(execution, "k", 0, 100, 1);
            idle(execution);
            assertThat(appended(execution)).as("more keys held than write.buffer.idle.max.keys: kept for phase 1")
                                           .isZero();
            execution.snapshot();
            assertThat(appended(execution)).isEqualTo(100);
            putRange(execution, "k", 0, 10, 2);
            idle(execution);
            assertThat(appended(execution)).as("few keys held: sent while idle").isEqualTo(110);
        }

        SimulatedJob hourly = job("write-behind-idle-hour", true, Map.of("write.buffer.idle.interval.ms", "3600000"));
        try (SimulatedJob.Execution execution = hourly.start(2)) {
            putRange(execution, "k", 0, 10, 1);
            idle(execution);
            assertThat(appended(execution)).as("held until the interval has passed or phase 1").isZero();
            execution.snapshot();
            assertThat(appended(execution)).isEqualTo(10);
        }
    }

    /** A full buffer sends its keys at once: {@code write.buffer.keys} bounds what phase 1 has to send. */
    @Test
    void shouldSendTheBufferWhenItHoldsTheMaximumOfKeys() {
        SimulatedJob job = job("write-behind-full", true, Map.of("write.buffer.keys", "10"));
        try (SimulatedJob.Execution execution = job.start(1)) {
            putRange(execution, "k", 0, 25, 1);
            assertThat(appended(execution)).as("two full buffers of 10 keys sent, 5 keys held").isEqualTo(20);
            execution.snapshot();
            assertThat(appended(execution)).isEqualTo(25);

            putRange(execution, "k", 0, 3, 2);
            assertThat(appended(execution)).isEqualTo(25);
            execution.snapshot();
            assertThat(appended(execution)).isEqualTo(28);
        }
        Map<String, Long> expected = expectedRange("k", 0, 25, 1);
        expected.putAll(expectedRange("k", 0, 3, 2));
        try (SimulatedJob.Execution restored = job.restore(1)) {
            assertThat(restored.state()).isEqualTo(expected);
        }
    }

    /** Restore progress is reported in metrics; the restored state equals the snapshot's. */
    @Test
    void shouldReportRestoreProgressInMetrics() {
        SimulatedJob job = job("restore-metrics", true);
        try (SimulatedJob.Execution first = job.start(1)) {
            putRange(first, "k", 0, 2_000, 1);
            first.snapshot();
        }
        try (SimulatedJob.Execution restored = job.restore(1)) {
            Map<String, Long> metrics = metrics(restored.backends().get(0));

            assertThat(metrics.get("changelog.restore.records")).isEqualTo(2_000);
            assertThat(metrics.get("changelog.restore.partitionsDone")).isEqualTo(PARTITIONS);
            assertThat(metrics.get("changelog.restore.offsetsToGo")).isZero();
            assertThat(restored.state()).isEqualTo(expectedRange("k", 0, 2_000, 1));
        }
    }

    /**
     * A restore sizes each local store for the state its snapshot entry recorded (keys and bytes at phase 1)
     * before reading the changelog: the stores never grow and copy themselves step by step, and end up smaller
     * than the ones that did.
     */
    @Test
    void shouldSizeTheRestoredStoresForTheSnapshotsState() {
        SimulatedJob job = job("restore-sized", true);
        long grownBytes;
        try (SimulatedJob.Execution first = job.start(1)) {
            putRange(first, "k", 0, 20_000, 1);
            first.snapshot();
            grownBytes = metrics(first.backends().get(0)).get("changelog.offHeapBytes");
        }
        try (SimulatedJob.Execution restored = job.restore(1)) {
            long restoredBytes = metrics(restored.backends().get(0)).get("changelog.offHeapBytes");

            assertThat(restored.state()).isEqualTo(expectedRange("k", 0, 20_000, 1));
            assertThat(restoredBytes).as("off-heap bytes after the restore, against %d grown step by step", grownBytes)
                                     .isLessThan(grownBytes);
        }
    }

    /** A job cancelled and submitted again under the same name starts empty and never sees the old records. */
    @Test
    void shouldStartEmptyWhenAJobWithTheSameNameIsSubmittedAgain() {
        String name = KafkaTestData.uniqueTopic("resubmitted");
        SimulatedJob cancelled = new SimulatedJob(name, PARTITIONS, options(), true);
        try (SimulatedJob.Execution execution = cancelled.start(2)) {
            putRange(execution, "old", 0, 50, 1);
            execution.snapshot();
            putRange(execution, "old-open", 0, 10, 1);   // an open transaction left behind by the cancel
        }

        SimulatedJob resubmitted = new SimulatedJob(name, PARTITIONS, options(), true);
        try (SimulatedJob.Execution fresh = resubmitted.start(2)) {
            assertThat(fresh.state()).isEmpty();
            fresh.put("new", 1);
            long snapshot = fresh.phase1();
            fresh.record(snapshot);
        }
        try (SimulatedJob.Execution restored = resubmitted.restore(3)) {
            assertThat(restored.state()).isEqualTo(Map.of("new", 1L));
        }
    }

    /**
     * A fresh start asks the brokers for no offsets: each partition's base (where this job's records begin) is
     * its first acknowledged record, recorded by every later snapshot, also for partitions this job first writes
     * to after a restore. Records an earlier job with the same name left there, under the same keys, are never
     * restored.
     */
    @Test
    void shouldRestoreOnlyThisJobsRecordsInPartitionsItFirstWritesAfterARestore() {
        String name = KafkaTestData.uniqueTopic("resubmitted-later");
        SimulatedJob cancelled = new SimulatedJob(name, PARTITIONS, options(), true);
        try (SimulatedJob.Execution execution = cancelled.start(2)) {
            putRange(execution, "k-", 0, 200, 7);  // every partition holds the earlier job's k-0..k-199
            execution.snapshot();
        }
        SimulatedJob resubmitted = new SimulatedJob(name, PARTITIONS, options(), true);
        String first = "k-0";
        try (SimulatedJob.Execution fresh = resubmitted.start(2)) {
            fresh.put(first, 1);                     // one partition only
            fresh.snapshot();
        }
        Map<String, Long> expected = new HashMap<>(Map.of(first, 1L));
        try (SimulatedJob.Execution restored = resubmitted.restore(3)) {
            assertThat(restored.state()).isEqualTo(expected);
            // the other partitions are first written now, after a restore
            for (int i = 150; i < 200; i++) {
                restored.put("k-" + i, 2);
                expected.put("k-" + i, 2L);
            }
            restored.snapshot();
        }
        try (SimulatedJob.Execution again = resubmitted.restore(2)) {
            assertThat(again.state()).as("neither the earlier job's k-1..k-149 nor its values of k-150..k-199")
                                     .isEqualTo(expected);
        }
    }

    /**
     * The prepared transaction stays open longer than transaction.timeout.ms (a stalled recovery) and the
     * broker aborts it: the restore fails loudly, naming transaction.timeout.ms, instead of losing data.
     */
    @Test
    void shouldFailTheRestoreWhenTheBrokerAbortedThePreparedTransaction() {
        Map<String, String> options = new HashMap<>(options());
        options.put("transaction.timeout.ms", "2000");
        SimulatedJob job = new SimulatedJob(KafkaTestData.uniqueTopic("timeout"), PARTITIONS, options, true);
        try (SimulatedJob.Execution execution = job.start(1)) {
            putRange(execution, "committed", 0, 20, 1);
            execution.snapshot();
            putRange(execution, "prepared", 0, 20, 2);
            execution.record(execution.phase1());
        }
        await("the broker aborts the prepared transaction of " + job + " after transaction.timeout.ms")
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(openTransactions(kafka, job)).isEmpty());

        assertThatThrownBy(() -> job.restore(1))
                .hasMessageContaining("no committed record at offset")
                .hasMessageContaining("transaction.timeout.ms=2000");
    }

    /** A snapshot older than the changelog's committed records cannot be restored exactly: say so. */
    @Test
    void shouldRefuseToRestoreASnapshotOlderThanTheChangelog() {
        SimulatedJob job = job("stale-snapshot", true);
        long older;
        try (SimulatedJob.Execution execution = job.start(1)) {
            execution.put("x", 1);
            older = execution.snapshot();
            execution.put("x", 2);
            execution.snapshot();
        }

        assertThatThrownBy(() -> job.restore(1, older))
                .hasMessageContaining("the snapshot is older than the changelog")
                .hasMessageContaining("only restore the job's latest snapshot");
    }

    /** At-least-once jobs write without transactions; a restore still stops at the snapshot's last offset. */
    @Test
    void shouldRestoreUpToTheSnapshotWithoutTransactions() {
        SimulatedJob job = job("at-least-once", false);
        try (SimulatedJob.Execution execution = job.start(2)) {
            putRange(execution, "k", 0, 40, 1);
            execution.snapshot();
            putRange(execution, "k", 0, 40, 2);
            execution.phase1();                        // flushed, visible to read_uncommitted, never recorded
        }

        try (SimulatedJob.Execution restored = job.restore(1)) {
            assertThat(restored.state()).isEqualTo(expectedRange("k", 0, 40, 1));
        }
        assertThat(KafkaTestData.readAll(kafka, job.topic(), 80, Duration.ofSeconds(30), false)).hasSize(80);
    }

    /** Open, write, snapshot, close twenty times (job restarts): the off-heap memory is freed every time. */
    @Test
    void shouldFreeOffHeapMemoryAcrossTwentyRestarts() {
        SimulatedJob job = job("memory", true);
        long baseline = OffHeapMemory.reservedBytesInJvm();
        try (SimulatedJob.Execution first = job.start(1)) {
            putRange(first, "k", 0, 500, 0);
            first.snapshot();
        }
        assertThat(OffHeapMemory.reservedBytesInJvm()).isEqualTo(baseline);
        for (int restart = 1; restart <= 20; restart++) {
            try (SimulatedJob.Execution execution = job.restore(1)) {
                assertThat(execution.get("k" + restart)).isEqualTo(restart - 1);
                assertThat(OffHeapMemory.reservedBytesInJvm()).isGreaterThan(baseline);
                execution.put("k" + (restart + 1), restart);
                execution.snapshot();
            }
            assertThat(OffHeapMemory.reservedBytesInJvm()).as("off-heap bytes after restart %s", restart)
                                                         .isEqualTo(baseline);
        }
    }

    /** Closing while the backend still opens (recovers, restores) stops it and frees the memory. */
    @Test
    void shouldStopOpeningAndFreeItsMemoryWhenClosedMeanwhile() throws Exception {
        SimulatedJob job = job("close-while-restoring", true);
        try (SimulatedJob.Execution first = job.start(1)) {
            putRange(first, "k", 0, 20_000, 1);
            first.snapshot();
        }
        SimulatedJob.Execution restoring = job.restoreUnopened(1);
        CompletableFuture<Void> opened = restoring.openAsync(true);

        restoring.close();

        assertThatThrownBy(() -> opened.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        // this backend's own count: the JVM-wide one also moves with other tests' backends freed meanwhile
        Map<String, Long> metrics = new HashMap<>();
        restoring.backends().get(0).collectMetrics(metrics::put);
        assertThat(metrics).containsEntry("changelog.offHeapBytes", 0L);
    }

    private SimulatedJob job(String name, boolean exactlyOnce) {
        return job(name, exactlyOnce, Map.of());
    }

    private SimulatedJob job(String name, boolean exactlyOnce, Map<String, String> extraOptions) {
        Map<String, String> options = new HashMap<>(options());
        options.putAll(extraOptions);
        return new SimulatedJob(KafkaTestData.uniqueTopic(name), PARTITIONS, options, exactlyOnce);
    }

    private static void idle(SimulatedJob.Execution execution) throws Exception {
        for (StateBackend<String, Long> backend : execution.backends()) {
            backend.idle();
        }
    }

    private static long appended(SimulatedJob.Execution execution) {
        long sum = 0;
        for (StateBackend<String, Long> backend : execution.backends()) {
            sum += metrics(backend).getOrDefault("changelog.recordsAppended", 0L);
        }
        return sum;
    }

    private Map<String, String> options() {
        return Map.of("bootstrap.servers", kafka.bootstrapServers(), "transaction.timeout.ms", "60000");
    }

    private static Map<String, Long> metrics(StateBackend<String, Long> backend) {
        Map<String, Long> metrics = new HashMap<>();
        backend.collectMetrics(metrics::put);
        return metrics;
    }
}
