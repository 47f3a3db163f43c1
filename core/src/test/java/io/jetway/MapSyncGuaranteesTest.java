package io.jetway;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.Util;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.config.ProcessingGuarantee;
import com.hazelcast.jet.core.JobStatus;
import com.hazelcast.jet.pipeline.BatchSource;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.Sink;
import com.hazelcast.jet.pipeline.SourceBuilder;
import com.hazelcast.jet.pipeline.StreamSource;
import com.hazelcast.jet.pipeline.test.TestSources;
import com.hazelcast.map.IMap;
import io.jetway.testing.HazelcastClusterExtension;
import io.jetway.testing.JetJobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static com.hazelcast.jet.config.ProcessingGuarantee.AT_LEAST_ONCE;
import static com.hazelcast.jet.config.ProcessingGuarantee.EXACTLY_ONCE;
import static com.hazelcast.jet.config.ProcessingGuarantee.NONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link JetwaySync#mergeIntoMap} under each processing guarantee, on 2 members. The input merges
 * {@value #ITEMS} amounts into {@value #KEYS} keys and deletes some keys on the way (a negative amount), so the
 * final map shows any item lost, merged twice or merged out of order, and any delete not written.
 */
class MapSyncGuaranteesTest {

    private static final int KEYS = 1_500;
    private static final int ITEMS = 4_500;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final AtomicInteger MAP_COUNTER = new AtomicInteger();

    @RegisterExtension
    static final HazelcastClusterExtension HZ = HazelcastClusterExtension.of(2);

    @Test
    void shouldWriteWhileTheJobRunsWithoutSnapshotsUnderNone() {
        HazelcastInstance member = HZ.cluster().member(0);
        Job job = awaitStreamSynced(member, NONE);
        assertThat(job.getStatus()).as("status of job '%s'", job.getName()).isEqualTo(JobStatus.RUNNING);
        assertThat(JetJobs.lastSnapshotId(member, job)).as("last snapshot of job '%s'", job.getName()).isEqualTo(-1);
        job.cancel();
    }

    @Test
    void shouldSyncEveryKeyUnderAtLeastOnce() {
        awaitStreamSynced(HZ.cluster().member(0), AT_LEAST_ONCE).cancel();
    }

    @Test
    void shouldSyncEveryKeyUnderExactlyOnce() {
        HazelcastInstance member = HZ.cluster().member(0);
        Job job = awaitStreamSynced(member, EXACTLY_ONCE);
        // the map is written in phase 2 only, so it cannot be complete before a snapshot
        assertThat(JetJobs.lastSnapshotId(member, job)).as("last snapshot of job '%s'", job.getName())
                                                        .isGreaterThanOrEqualTo(0);
        job.cancel();
    }

    /** The last items of a batch job are written on completion, also when no snapshot comes after them. */
    @ParameterizedTest
    @EnumSource(ProcessingGuarantee.class)
    void shouldWriteEveryKeyWhenABatchJobCompletes(ProcessingGuarantee guarantee) throws Exception {
        HazelcastInstance member = HZ.cluster().member(0);
        String mapName = uniqueMapName("batch-" + guarantee);
        Job job = member.getJet().newJob(pipeline(TestSources.items(items()), mapName),
                config(mapName, guarantee).setSnapshotIntervalMillis(TimeUnit.HOURS.toMillis(1)));

        job.getFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

        assertThat(contents(member.getMap(mapName))).isEqualTo(expected());
    }

    @Test
    void shouldFailNamingTheLimitWhenMoreEntriesWaitForASnapshotThanMaxProcessorAccumulatedRecords() {
        HazelcastInstance member = HZ.cluster().member(0);
        String mapName = uniqueMapName("limited");
        Job job = member.getJet().newJob(pipeline(TestSources.items(items()), mapName),
                config(mapName, EXACTLY_ONCE).setSnapshotIntervalMillis(TimeUnit.HOURS.toMillis(1))
                                             .setMaxProcessorAccumulatedRecords(100));

        assertThatThrownBy(() -> job.getFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("maxProcessorAccumulatedRecords (100)")
                .hasMessageContaining("'" + mapName + "'");
        assertThat(member.getMap(mapName).size()).as("entries written without a snapshot").isZero();
    }

    /** Starts a streaming job that stays idle after the items; returns it once the map holds their merge. */
    private static Job awaitStreamSynced(HazelcastInstance member, ProcessingGuarantee guarantee) {
        String mapName = uniqueMapName("stream-" + guarantee);
        Job job = member.getJet().newJob(pipeline(itemsThenIdle(), mapName), config(mapName, guarantee));
        IMap<String, Long> map = member.getMap(mapName);
        Map<String, Long> expected = expected();
        JetJobs.awaitWhileRunning(job, "map " + mapName + " = the merge of " + ITEMS + " items under " + guarantee,
                        TIMEOUT)
               .pollInterval(Duration.ofMillis(200))
               .untilAsserted(() -> assertThat(contents(map)).isEqualTo(expected));
        return job;
    }

    private static Pipeline pipeline(BatchSource<Map.Entry<String, Long>> source, String mapName) {
        Pipeline pipeline = Pipeline.create();
        pipeline.readFrom(source).writeTo(sink(mapName));
        return pipeline;
    }

    private static Pipeline pipeline(StreamSource<Map.Entry<String, Long>> source, String mapName) {
        Pipeline pipeline = Pipeline.create();
        pipeline.readFrom(source).withoutTimestamps().writeTo(sink(mapName));
        return pipeline;
    }

    private static Sink<Map.Entry<String, Long>> sink(String mapName) {
        return JetwaySync.mergeIntoMap(mapName, Map.Entry::getKey, MapSyncGuaranteesTest::merge);
    }

    /** Adds the amount, or deletes the key when it is negative. Not idempotent. */
    private static Long merge(Long sum, Map.Entry<String, Long> item) {
        return item.getValue() < 0 ? null : (sum == null ? 0 : sum) + item.getValue();
    }

    /** The items, then nothing: the job keeps running, so what the map shows was written before it ends. */
    private static StreamSource<Map.Entry<String, Long>> itemsThenIdle() {
        return SourceBuilder.stream("items-then-idle", ctx -> new int[1])
                            .<Map.Entry<String, Long>>fillBufferFn((next, buffer) -> {
                                for (int n = 0; n < 256 && next[0] < ITEMS; n++) {
                                    buffer.add(item(next[0]++));
                                }
                            })
                            .build();
    }

    /** Item i: key {@code k<i % KEYS>}, amount i, or -1 (delete) when i % 7 == 3. */
    private static Map.Entry<String, Long> item(int i) {
        return Util.entry("k" + i % KEYS, i % 7 == 3 ? -1L : i);
    }

    private static List<Map.Entry<String, Long>> items() {
        List<Map.Entry<String, Long>> items = new ArrayList<>(ITEMS);
        for (int i = 0; i < ITEMS; i++) {
            items.add(item(i));
        }
        return items;
    }

    private static Map<String, Long> expected() {
        Map<String, Long> expected = new HashMap<>();
        for (Map.Entry<String, Long> item : items()) {
            Long merged = merge(expected.get(item.getKey()), item);
            if (merged == null) {
                expected.remove(item.getKey());
            } else {
                expected.put(item.getKey(), merged);
            }
        }
        return expected;
    }

    private static Map<String, Long> contents(IMap<String, Long> map) {
        return Map.copyOf(map.getAll(map.keySet()));
    }

    private static JobConfig config(String mapName, ProcessingGuarantee guarantee) {
        return new JobConfig().setName("sync-" + mapName).setProcessingGuarantee(guarantee)
                              .setSnapshotIntervalMillis(200);
    }

    private static String uniqueMapName(String prefix) {
        return prefix.toLowerCase(Locale.ROOT) + "-" + MAP_COUNTER.incrementAndGet();
    }
}
