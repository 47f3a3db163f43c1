package io.jetway;

import com.hazelcast.cache.ICache;
import com.hazelcast.config.CacheSimpleConfig;
import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.config.ProcessingGuarantee;
import com.hazelcast.jet.core.DAG;
import com.hazelcast.jet.core.Edge;
import com.hazelcast.jet.core.Vertex;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.map.EventJournalMapEvent;
import com.hazelcast.map.IMap;
import io.jetway.codec.Utf8StringEncoder;
import io.jetway.testing.HazelcastCluster;
import io.jetway.testing.JetJobs;
import io.jetway.testing.KafkaBroker;
import io.jetway.testing.KafkaTestData;
import io.jetway.testing.SharedKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

import static com.hazelcast.jet.pipeline.JournalInitialPosition.START_FROM_OLDEST;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * IMap and ICache event journals to Kafka under EXACTLY_ONCE on two members, one of which is terminated
 * mid-stream: read {@code read_committed}, each key's records are exactly the changes made to it, in order,
 * with a tombstone for each removal. A change replayed from the journal after the restore would appear
 * twice, a change whose offset was saved but whose record was aborted would be missing. The one exception
 * is Hazelcast's own: its ICache journal records changes twice after a member loss (see the cache tests).
 */
class JournalToKafkaExactlyOnceTest {

    private static final int KEYS = 50;
    private static final int CHANGES = 6_000;
    private static final String TOMBSTONE = "<tombstone>";

    private final KafkaBroker kafka = SharedKafka.get();

    @Test
    void shouldWriteEveryMapChangeOnceThroughThePipelineAdapterWhenAMemberDies() {
        String name = KafkaTestData.uniqueTopic("journal-map");
        run(name, (member, sink) -> {
            Pipeline pipeline = Pipeline.create();
            pipeline.readFrom(JetwayJournal.<String, String>mapChanges(name, START_FROM_OLDEST)).withoutTimestamps()
                    .writeTo(JetwayJournal.mapChangesToKafka(sink, Utf8StringEncoder::new, Utf8StringEncoder::new));
            return member.getJet().newJob(pipeline, exactlyOnce(name));
        }, member -> new MapTarget(member.getMap(name)), Fault.TERMINATE_MEMBER);
    }

    @Test
    void shouldWriteEveryMapChangeOnceThroughTheDagFactoriesWhenAMemberDies() {
        String name = KafkaTestData.uniqueTopic("journal-map-dag");
        run(name, (member, sink) -> {
            DAG dag = new DAG();
            Vertex source = dag.newVertex("map-changes", JetwayJournal.<String, String>mapChangesP(name,
                    START_FROM_OLDEST));
            Vertex kafkaSink = dag.newVertex("kafka", JetwaySinks.kafkaP(sink,
                    JetwayJournal.<String, String>mapChangeEncoder(Utf8StringEncoder::new, Utf8StringEncoder::new)));
            dag.edge(Edge.between(source, kafkaSink)
                         .partitioned((EventJournalMapEvent<String, String> event) -> event.getKey()).distributed());
            return member.getJet().newJob(dag, exactlyOnce(name));
        }, member -> new MapTarget(member.getMap(name)), Fault.TERMINATE_MEMBER);
    }

    @Test
    void shouldWriteEveryCacheChangeOnce() {
        String name = KafkaTestData.uniqueTopic("journal-cache");
        run(name, cacheJob(name), member -> new CacheTarget(member.getCacheManager().getCache(name)), Fault.NONE);
    }

    /**
     * Hazelcast 5.7's ICache journal records each change of a partition promoted after a member loss twice
     * (the map journal does not): after the failure a cache change can appear twice, next to itself, and no
     * change may be missing or out of order.
     */
    @Test
    void shouldWriteEveryCacheChangeInOrderWhenAMemberDies() {
        String name = KafkaTestData.uniqueTopic("journal-cache-loss");
        run(name, cacheJob(name), member -> new CacheTarget(member.getCacheManager().getCache(name)),
                Fault.TERMINATE_MEMBER_JOURNAL_MAY_REPEAT);
    }

    private static JobStarter cacheJob(String name) {
        return (member, sink) -> {
            Pipeline pipeline = Pipeline.create();
            pipeline.readFrom(JetwayJournal.<String, String>cacheChanges(name, START_FROM_OLDEST)).withoutTimestamps()
                    .writeTo(JetwayJournal.cacheChangesToKafka(sink, Utf8StringEncoder::new, Utf8StringEncoder::new));
            return member.getJet().newJob(pipeline, exactlyOnce(name));
        };
    }

    private void run(String name, JobStarter starter, TargetOpener opener, Fault fault) {
        kafka.createTopic(name, 4);
        Consumer<Config> journals = config -> {
            config.getMapConfig("journal-*").getEventJournalConfig().setEnabled(true).setCapacity(2_000_000);
            CacheSimpleConfig cache = new CacheSimpleConfig().setName("journal-*");
            cache.getEventJournalConfig().setEnabled(true).setCapacity(2_000_000);
            config.addCacheConfig(cache);
        };
        try (HazelcastCluster cluster = HazelcastCluster.start(2, journals)) {
            HazelcastInstance member = cluster.member(0);
            Job job = starter.start(member, KafkaSinkConfig.builder(kafka.bootstrapServers()).topic(name).build());
            Target target = opener.open(member);
            Map<String, List<String>> expected = new TreeMap<>();
            Set<String> present = new HashSet<>();

            change(target, 0, CHANGES / 2, expected, present);
            KafkaTestData.readAll(kafka, name, CHANGES / 8, Duration.ofSeconds(120), true);
            JetJobs.awaitSnapshotAfter(member, job, JetJobs.lastSnapshotId(member, job));
            if (fault != Fault.NONE) {
                cluster.terminate(1);
            }
            change(target, CHANGES / 2, CHANGES, expected, present);

            List<ConsumerRecord<byte[], byte[]>> records = KafkaTestData.readAll(kafka, name, expectedRecords(expected),
                    Duration.ofSeconds(180), true);
            // one more committed snapshot: a duplicate committed after the last expected record is read too
            JetJobs.awaitSnapshotAfter(member, job, JetJobs.lastSnapshotId(member, job));
            records = KafkaTestData.readAll(kafka, name, records.size(), Duration.ofSeconds(60), true);

            Map<String, List<String>> found = changesPerKey(records);
            if (fault == Fault.TERMINATE_MEMBER_JOURNAL_MAY_REPEAT) {
                found.replaceAll((key, values) -> withoutAdjacentRepeats(values));
            }
            assertThat(differences(expected, found))
                    .as("keys whose records (read_committed, in offset order) differ from their changes").isEmpty();
            job.cancel();
        }
    }

    /** The faults a scenario injects. */
    private enum Fault {
        NONE,
        TERMINATE_MEMBER,
        /** Terminate a member; a change repeated right after itself is Hazelcast's ICache journal. */
        TERMINATE_MEMBER_JOURNAL_MAY_REPEAT
    }

    private static int expectedRecords(Map<String, List<String>> expected) {
        return expected.values().stream().mapToInt(List::size).sum();
    }

    /** The values with each run of equal adjacent values cut to one (no change repeats a value by design). */
    private static List<String> withoutAdjacentRepeats(List<String> values) {
        List<String> collapsed = new ArrayList<>(values.size());
        for (String value : values) {
            if (collapsed.isEmpty() || !collapsed.get(collapsed.size() - 1).equals(value)) {
                collapsed.add(value);
            }
        }
        return collapsed;
    }

    /** Changes {@code from}..{@code to}: a removal of a present key every 7th change, else a put. */
    private static void change(Target target, int from, int to, Map<String, List<String>> expected,
                               Set<String> present) {
        for (int i = from; i < to; i++) {
            String key = "k" + (i % KEYS);
            List<String> changes = expected.computeIfAbsent(key, k -> new ArrayList<>());
            if (i % 7 == 6 && present.remove(key)) {
                target.remove(key);
                changes.add(TOMBSTONE);
            } else {
                String value = key + ":" + i;
                target.put(key, value);
                present.add(key);
                changes.add(value);
            }
        }
    }

    private static Map<String, List<String>> changesPerKey(List<ConsumerRecord<byte[], byte[]>> records) {
        List<ConsumerRecord<byte[], byte[]>> ordered = new ArrayList<>(records);
        ordered.sort(Comparator.<ConsumerRecord<byte[], byte[]>>comparingInt(ConsumerRecord::partition)
                               .thenComparingLong(ConsumerRecord::offset));
        Map<String, List<String>> perKey = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> record : ordered) {
            String value = record.value() == null ? TOMBSTONE : new String(record.value(), UTF_8);
            perKey.computeIfAbsent(new String(record.key(), UTF_8), k -> new ArrayList<>()).add(value);
        }
        return perKey;
    }

    /** Per key whose records differ from its changes: where they first differ and both counts. */
    private static Map<String, String> differences(Map<String, List<String>> expected,
                                                   Map<String, List<String>> actual) {
        Map<String, String> differences = new TreeMap<>();
        Set<String> keys = new HashSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        for (String key : keys) {
            List<String> want = expected.getOrDefault(key, List.of());
            List<String> got = actual.getOrDefault(key, List.of());
            if (!want.equals(got)) {
                int at = 0;
                while (at < want.size() && at < got.size() && want.get(at).equals(got.get(at))) {
                    at++;
                }
                differences.put(key, want.size() + " changes, " + got.size() + " records; first difference at #" + at
                        + ": expected " + (at < want.size() ? want.get(at) : "nothing") + ", found "
                        + (at < got.size() ? got.get(at) : "nothing"));
            }
        }
        return differences;
    }

    private static JobConfig exactlyOnce(String name) {
        return new JobConfig().setName(name).setProcessingGuarantee(ProcessingGuarantee.EXACTLY_ONCE)
                              .setSnapshotIntervalMillis(300);
    }

    @FunctionalInterface
    private interface JobStarter {
        Job start(HazelcastInstance member, KafkaSinkConfig sink);
    }

    @FunctionalInterface
    private interface TargetOpener {
        Target open(HazelcastInstance member);
    }

    /** The structure whose journal the job reads. */
    private interface Target {
        void put(String key, String value);

        void remove(String key);
    }

    private record MapTarget(IMap<String, String> map) implements Target {
        @Override
        public void put(String key, String value) {
            map.set(key, value);
        }

        @Override
        public void remove(String key) {
            map.delete(key);
        }
    }

    private record CacheTarget(ICache<String, String> cache) implements Target {
        @Override
        public void put(String key, String value) {
            cache.put(key, value);
        }

        @Override
        public void remove(String key) {
            cache.remove(key);
        }
    }
}
