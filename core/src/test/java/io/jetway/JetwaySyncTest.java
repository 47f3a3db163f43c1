package io.jetway;

import com.hazelcast.cache.ICache;
import com.hazelcast.collection.IQueue;
import com.hazelcast.config.CacheSimpleConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.config.ProcessingGuarantee;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.Sink;
import com.hazelcast.map.IMap;
import io.jetway.codec.RecordDecoders;
import io.jetway.testing.HazelcastCluster;
import io.jetway.testing.JetJobs;
import io.jetway.testing.KafkaBroker;
import io.jetway.testing.KafkaTestData;
import io.jetway.testing.SharedKafka;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka -> IMap / IQueue / ICache sync on a real broker and real members. The IMap merge sums amounts,
 * which is not idempotent: with a member terminated mid-stream, any record merged twice or not at all
 * would show in the sums. The queue must hold every record exactly once.
 */
class JetwaySyncTest {

    private static final int PARTITIONS = 4;
    private static final int KEYS = 200;
    private static final int RECORDS = 8_000;

    private final KafkaBroker kafka = SharedKafka.get();

    @Test
    void shouldMergeEveryRecordIntoTheMapExactlyOnceWhenAMemberDies() {
        String topic = KafkaTestData.uniqueTopic("sync-merge");
        kafka.createTopic(topic, PARTITIONS);
        String mapName = "sums-" + topic;
        try (HazelcastCluster cluster = HazelcastCluster.start(2)) {
            HazelcastInstance member = cluster.member(0);
            Sink<Map.Entry<String, String>> sums = JetwaySync.<Map.Entry<String, String>, String, Long>mergeIntoMap(mapName,
                    Map.Entry::getKey, (sum, record) -> (sum == null ? 0 : sum) + Long.parseLong(record.getValue()));
            Job job = startJob(member, topic, sums, "merge");
            IMap<String, Long> map = member.getMap(mapName);

            Map<String, Long> expected = produceAmounts(topic, 0, RECORDS / 2);
            await("some sums").atMost(Duration.ofSeconds(60)).until(() -> map.size() >= KEYS / 2);
            JetJobs.awaitSnapshotAfter(member, job, -1);
            cluster.terminate(1);
            produceAmounts(topic, RECORDS / 2, RECORDS).forEach((k, v) -> expected.merge(k, v, Long::sum));

            await("every sum complete in map " + mapName).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(Map.copyOf(map.getAll(map.keySet()))).isEqualTo(expected));
            job.cancel();
        }
    }

    @Test
    void shouldOfferEveryRecordToTheQueueExactlyOnceWhenAMemberDies() {
        String topic = KafkaTestData.uniqueTopic("sync-queue");
        kafka.createTopic(topic, PARTITIONS);
        String queueName = "queue-" + topic;
        try (HazelcastCluster cluster = HazelcastCluster.start(2)) {
            HazelcastInstance member = cluster.member(0);
            Job job = startJob(member, topic, JetwaySync.<Map.Entry<String, String>, String>queue(queueName,
                    e -> e.getKey() + "=" + e.getValue()), "queue");
            IQueue<String> queue = member.getQueue(queueName);

            produceAmounts(topic, 0, RECORDS / 2);
            await("some queued").atMost(Duration.ofSeconds(60)).until(() -> queue.size() >= RECORDS / 8);
            JetJobs.awaitSnapshotAfter(member, job, -1);
            cluster.terminate(1);
            produceAmounts(topic, RECORDS / 2, RECORDS);

            await("all " + RECORDS + " records queued").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(200)).until(() -> queue.size() >= RECORDS);
            List<String> items = new ArrayList<>(queue);
            Set<String> distinct = new HashSet<>(items);
            assertThat(items).as("queued records").hasSize(RECORDS);
            assertThat(distinct).as("distinct queued records").hasSize(RECORDS);
            job.cancel();
        }
    }

    @Test
    void shouldUpsertAndDeleteOnTombstones() throws Exception {
        String topic = KafkaTestData.uniqueTopic("sync-upsert");
        kafka.createTopic(topic, 1);
        String mapName = "latest-" + topic;
        String cacheName = "latest-cache-" + topic;
        try (HazelcastCluster cluster = HazelcastCluster.start(2, config -> config.addCacheConfig(
                new CacheSimpleConfig().setName("latest-cache-*")))) {
            HazelcastInstance member = cluster.member(0);
            Job toMap = startJob(member, topic, JetwaySync.<Map.Entry<String, String>, String, String>map(mapName,
                    Map.Entry::getKey, Map.Entry::getValue), "upsert-map");
            Job toCache = startJob(member, topic, JetwaySync.<Map.Entry<String, String>, String, String>cache(cacheName,
                    Map.Entry::getKey, Map.Entry::getValue), "upsert-cache");
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerProps())) {
                producer.send(record(topic, "a", "1"));
                producer.send(record(topic, "b", "1"));
                producer.send(record(topic, "a", "2"));
                producer.send(record(topic, "b", null));      // tombstone
                producer.send(record(topic, "c", "1"));
                producer.flush();
            }
            IMap<String, String> map = member.getMap(mapName);
            ICache<String, String> cache = member.getCacheManager().getCache(cacheName);
            Map<String, String> expected = Map.of("a", "2", "c", "1");
            await("map " + mapName + " = " + expected).atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(Map.copyOf(map.getAll(map.keySet()))).isEqualTo(expected));
            await("cache " + cacheName + " = " + expected).atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> {
                        assertThat(cache.get("a")).isEqualTo("2");
                        assertThat(cache.get("c")).isEqualTo("1");
                        assertThat(cache.containsKey("b")).isFalse();
                    });
            toMap.cancel();
            toCache.cancel();
        }
    }

    private Job startJob(HazelcastInstance member, String topic, Sink<Map.Entry<String, String>> sink, String name) {
        Pipeline pipeline = Pipeline.create();
        pipeline.readFrom(JetwaySources.kafka(KafkaSourceConfig.builder(kafka.bootstrapServers()).topics(topic).build(),
                        RecordDecoders.utf8KeyValue()))
                .withoutTimestamps()
                .writeTo(sink);
        return member.getJet().newJob(pipeline, new JobConfig().setName(name + "-" + topic)
                .setProcessingGuarantee(ProcessingGuarantee.EXACTLY_ONCE).setSnapshotIntervalMillis(200));
    }

    /** Records {@code k<i % KEYS> -> i}, value i to partition i % PARTITIONS; returns the sums per key. */
    private Map<String, Long> produceAmounts(String topic, int from, int to) {
        Map<String, Long> sums = new HashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerProps())) {
            for (int i = from; i < to; i++) {
                String key = "k" + (i % KEYS);
                producer.send(new ProducerRecord<>(topic, i % PARTITIONS, key.getBytes(UTF_8),
                        Integer.toString(i).getBytes(UTF_8)));
                sums.merge(key, (long) i, Long::sum);
            }
            producer.flush();
        }
        return sums;
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String key, String value) {
        return new ProducerRecord<>(topic, 0, key.getBytes(UTF_8), value == null ? null : value.getBytes(UTF_8));
    }
}
