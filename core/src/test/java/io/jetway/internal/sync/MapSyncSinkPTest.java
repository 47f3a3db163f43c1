package io.jetway.internal.sync;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.function.FunctionEx;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.Util;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.config.ProcessingGuarantee;
import com.hazelcast.jet.core.ProcessorMetaSupplier;
import com.hazelcast.jet.core.test.TestInbox;
import com.hazelcast.jet.core.test.TestOutbox;
import com.hazelcast.jet.core.test.TestProcessorContext;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.Sinks;
import com.hazelcast.jet.pipeline.test.TestSources;
import com.hazelcast.map.IMap;
import io.jetway.testing.HazelcastClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The write batch of {@link MapSyncSinkP} without exactly-once snapshots, set small through the
 * package-private constructor, on 2 real members: the buffer never holds more keys than the batch, and a
 * job still writes every key.
 */
class MapSyncSinkPTest {

    private static final int WRITE_BATCH_KEYS = 16;
    private static final AtomicInteger MAP_COUNTER = new AtomicInteger();

    @RegisterExtension
    static final HazelcastClusterExtension HZ = HazelcastClusterExtension.of(2);

    @Test
    void shouldNeverLeaveMoreKeysUnwrittenThanTheWriteBatch() throws Exception {
        HazelcastInstance member = HZ.cluster().member(0);
        String mapName = "batch-bound-" + MAP_COUNTER.incrementAndGet();
        IMap<String, Integer> map = member.getMap(mapName);
        int keys = 1_000;
        // keyFn runs once per item, before the item is buffered: every key is new, so the keys taken so far
        // minus the map's size are the keys in the buffer
        AtomicInteger taken = new AtomicInteger();
        AtomicInteger mostUnwritten = new AtomicInteger(-1);
        FunctionEx<Integer, String> keyFn = i -> {
            mostUnwritten.accumulateAndGet(taken.getAndIncrement() - map.size(), Math::max);
            return "k" + i;
        };
        MapSyncSinkP<Integer, String, Integer> p = new MapSyncSinkP<>(mapName, keyFn, (current, i) -> i, false,
                WRITE_BATCH_KEYS);
        p.init(new TestOutbox(new int[0], 1), new TestProcessorContext().setHazelcastInstance(member)
                .setProcessingGuarantee(ProcessingGuarantee.NONE));
        TestInbox inbox = new TestInbox();
        for (int i = 0; i < keys; i++) {
            inbox.add(i);
        }

        p.process(0, inbox);              // one inbox: without the batch, nothing would be written before its end

        assertThat(mostUnwritten.get()).as("most keys taken but not written").isEqualTo(WRITE_BATCH_KEYS - 1);
        assertThat(map.size()).as("keys written when the inbox is done").isEqualTo(keys);
    }

    @Test
    void shouldWriteEveryKeyOfAJobWithATinyWriteBatch() throws Exception {
        HazelcastInstance member = HZ.cluster().member(0);
        String mapName = "tiny-batch-" + MAP_COUNTER.incrementAndGet();
        int items = 3_000;
        int keys = 1_000;
        List<Map.Entry<String, Long>> input = new ArrayList<>(items);
        Map<String, Long> expected = new HashMap<>();
        for (int i = 0; i < items; i++) {
            input.add(Util.entry("k" + i % keys, (long) i));
            expected.merge("k" + i % keys, (long) i, Long::sum);
        }
        FunctionEx<Map.Entry<String, Long>, String> keyFn = Map.Entry::getKey;
        Pipeline pipeline = Pipeline.create();
        pipeline.readFrom(TestSources.items(input))
                .writeTo(Sinks.fromProcessor("tiny-batch", ProcessorMetaSupplier.of(
                        () -> new MapSyncSinkP<Map.Entry<String, Long>, String, Long>(mapName, keyFn,
                                (sum, e) -> (sum == null ? 0 : sum) + e.getValue(), true, 3)), keyFn));
        Job job = member.getJet().newJob(pipeline, new JobConfig().setName(mapName)
                .setProcessingGuarantee(ProcessingGuarantee.NONE));

        job.getFuture().get(60, TimeUnit.SECONDS);

        IMap<String, Long> map = member.getMap(mapName);
        assertThat(Map.copyOf(map.getAll(map.keySet()))).isEqualTo(expected);
    }
}
