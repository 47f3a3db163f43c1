package io.jetway;

import com.hazelcast.jet.Job;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.config.ProcessingGuarantee;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.test.TestSources;
import io.jetway.codec.RecordDecoders;
import io.jetway.testing.HazelcastCluster;
import io.jetway.testing.JetJobs;
import io.jetway.testing.KafkaBroker;
import io.jetway.testing.KafkaTestData;
import io.jetway.testing.SharedKafka;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/** The sink's modes: at-least-once without transactions, a topic per item, and a batch job committing at its end. */
class KafkaSinkModesTest {

    private static final int COUNT = 1_000;

    private static HazelcastCluster cluster;
    private final KafkaBroker kafka = SharedKafka.get();

    @BeforeAll
    static void startCluster() {
        cluster = HazelcastCluster.start(1);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** An AT_LEAST_ONCE job writes everything through the idempotent producer and opens no transaction. */
    @Test
    void shouldWriteAtLeastOnceWithoutTransactionsWhenTheJobIsNotExactlyOnce() throws Exception {
        String input = KafkaTestData.uniqueTopic("alo-in");
        String output = KafkaTestData.uniqueTopic("alo-out");
        kafka.createTopic(input, 2);
        kafka.createTopic(output, 2);
        KafkaTestData.produceStrings(kafka, input, COUNT, 2);
        Pipeline pipeline = Pipeline.create();
        pipeline.readFrom(JetwaySources.kafka(KafkaSourceConfig.builder(kafka.bootstrapServers()).topics(input).build(),
                        RecordDecoders.utf8String()))
                .withoutTimestamps()
                .writeTo(JetwaySinks.kafka(KafkaSinkConfig.builder(kafka.bootstrapServers()).topic(output).build(),
                        Utf8Encoder::new));
        Job job = cluster.member(0).getJet().newJob(pipeline, new JobConfig().setName("alo-" + output)
                .setProcessingGuarantee(ProcessingGuarantee.AT_LEAST_ONCE).setSnapshotIntervalMillis(200));
        assertThat(valuesOf(output, COUNT, false)).containsAll(numbers(COUNT));
        job.cancel();
        List<String> transactional = new ArrayList<>();
        for (TransactionListing listing : kafka.admin().listTransactions().all().get(30, TimeUnit.SECONDS)) {
            if (listing.transactionalId().startsWith("alo-" + output)) {
                transactional.add(listing.transactionalId());
            }
        }
        assertThat(transactional).as("transactional ids of the at-least-once job").isEmpty();
    }

    /** The topic function picks each item's topic; every topic gets exactly its items. */
    @Test
    void shouldWriteEachItemToTheTopicTheTopicFunctionPicks() {
        String even = KafkaTestData.uniqueTopic("even");
        String odd = KafkaTestData.uniqueTopic("odd");
        kafka.createTopic(even, 1);
        kafka.createTopic(odd, 1);
        Pipeline pipeline = Pipeline.create();
        pipeline.readFrom(TestSources.items(numbers(COUNT)))
                .writeTo(JetwaySinks.kafka(KafkaSinkConfig.builder(kafka.bootstrapServers()).build(),
                        item -> Integer.parseInt(item) % 2 == 0 ? even : odd, Utf8Encoder::new));
        cluster.member(0).getJet().newJob(pipeline, new JobConfig().setName("per-item-" + even)).join();
        assertThat(valuesOf(even, COUNT / 2, true)).isEqualTo(numbers(COUNT).stream()
                .filter(n -> Integer.parseInt(n) % 2 == 0).collect(Collectors.toCollection(TreeSet::new)));
        assertThat(valuesOf(odd, COUNT / 2, true)).hasSize(COUNT / 2).allMatch(n -> Integer.parseInt(n) % 2 == 1);
    }

    /** An EXACTLY_ONCE batch job commits the last transaction when its input ends. */
    @Test
    void shouldCommitTheLastTransactionWhenABatchJobCompletes() {
        String output = KafkaTestData.uniqueTopic("batch");
        kafka.createTopic(output, 2);
        Pipeline pipeline = Pipeline.create();
        pipeline.readFrom(TestSources.items(numbers(COUNT)))
                .writeTo(JetwaySinks.kafka(KafkaSinkConfig.builder(kafka.bootstrapServers()).topic(output).build(),
                        Utf8Encoder::new));
        Job job = cluster.member(0).getJet().newJob(pipeline, new JobConfig().setName("batch-" + output)
                .setProcessingGuarantee(ProcessingGuarantee.EXACTLY_ONCE).setStoreMetricsAfterJobCompletion(true));
        job.join();
        assertThat(JetJobs.sumOfMetric(job, "kafkaRecordsOut")).as("metric kafkaRecordsOut").isEqualTo(COUNT);
        assertThat(JetJobs.sumOfMetric(job, "kafkaTransactionsCommitted")).as("metric kafkaTransactionsCommitted")
                                                                          .isPositive();
        List<String> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : KafkaTestData.readAll(kafka, output, COUNT, Duration.ofSeconds(30),
                true)) {
            values.add(new String(r.value(), UTF_8));
        }
        assertThat(values).hasSize(COUNT).containsExactlyInAnyOrderElementsOf(numbers(COUNT));
    }

    private TreeSet<String> valuesOf(String topic, int count, boolean readCommitted) {
        TreeSet<String> values = new TreeSet<>();
        for (ConsumerRecord<byte[], byte[]> r : KafkaTestData.readAll(kafka, topic, count, Duration.ofSeconds(60),
                readCommitted)) {
            values.add(new String(r.value(), UTF_8));
        }
        return values;
    }

    private static List<String> numbers(int count) {
        return IntStream.range(0, count).mapToObj(Integer::toString).collect(Collectors.toList());
    }
}
