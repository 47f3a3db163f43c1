package io.jetway;

import com.hazelcast.jet.Job;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.ServiceFactories;
import com.hazelcast.jet.pipeline.Sinks;
import com.hazelcast.collection.IList;
import io.jetway.codec.RecordDecoders;
import io.jetway.spi.codec.RecordDecoder;
import io.jetway.testing.HazelcastCluster;
import io.jetway.testing.HazelcastClusterExtension;
import io.jetway.testing.JetJobs;
import io.jetway.testing.KafkaBroker;
import io.jetway.testing.KafkaTestData;
import io.jetway.testing.SharedKafka;
import com.hazelcast.function.SupplierEx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Partitions are spread over every member, and partitions and topics created while a job runs are read. */
class KafkaSourceSpreadAndDiscoveryTest {

    @RegisterExtension
    static final HazelcastClusterExtension HZ = HazelcastClusterExtension.of(2);

    private final KafkaBroker kafka = SharedKafka.get();

    /** Emits "partition:value". */
    private static final SupplierEx<RecordDecoder<String>> PARTITION_TAGGED = () ->
            (ByteBuffer key, ByteBuffer value, io.jetway.spi.codec.RecordContext ctx) ->
                    ctx.partition() + ":" + UTF_8.decode(value);

    @Test
    void shouldSpreadPartitionsOverAllMembersAndReadEachOnOneMemberOnly() {
        String topic = KafkaTestData.uniqueTopic("spread");
        kafka.createTopic(topic, 8);
        KafkaTestData.produceStrings(kafka, topic, 800, 8);
        HazelcastCluster cluster = HZ.cluster();
        String listName = "spread-" + topic;

        Pipeline pipeline = Pipeline.create();
        pipeline.readFrom(JetwaySources.kafka(KafkaSourceConfig.builder(kafka.bootstrapServers()).topics(topic)
                                                               .localParallelism(2).build(), PARTITION_TAGGED))
                .withoutTimestamps()
                .mapUsingService(ServiceFactories.sharedService(
                                ctx -> ctx.hazelcastInstance().getCluster().getLocalMember().getUuid().toString()),
                        (memberUuid, item) -> item.substring(0, item.indexOf(':')) + "@" + memberUuid)
                .writeTo(Sinks.list(listName));
        Job job = cluster.member(0).getJet().newJob(pipeline, new JobConfig().setName("spread"));
        try {
            IList<String> readBy = cluster.member(0).getList(listName);
            await("800 records in list " + listName).atMost(Duration.ofSeconds(60)).until(() -> readBy.size() >= 800);

            Map<String, Set<String>> membersByPartition = List.copyOf(readBy).stream().collect(Collectors.groupingBy(
                    s -> s.substring(0, s.indexOf('@')), Collectors.mapping(s -> s.substring(s.indexOf('@') + 1),
                            Collectors.toSet())));
            assertThat(membersByPartition).as("partitions read").hasSize(8);
            assertThat(membersByPartition.values()).as("members reading each partition").allSatisfy(
                    members -> assertThat(members).hasSize(1));
            assertThat(membersByPartition.values().stream().flatMap(Set::stream).distinct().count())
                    .as("members that read some partition").isEqualTo(2);
            assertThat(readBy).hasSize(800);
        } finally {
            job.cancel();
        }
    }

    @Test
    void shouldReadPartitionsAddedWhileRunning() {
        String topic = KafkaTestData.uniqueTopic("grow");
        kafka.createTopic(topic, 2);
        String listName = "grow-" + topic;
        Job job = startListJob(KafkaSourceConfig.builder(kafka.bootstrapServers()).topics(topic)
                .partitionDiscoveryInterval(Duration.ofMillis(200)).build(), listName);
        try {
            IList<String> received = HZ.cluster().member(0).getList(listName);
            KafkaTestData.produce(kafka, topic, 0, List.of("a0", "a1"));
            KafkaTestData.produce(kafka, topic, 1, List.of("b0"));
            await("3 records before growth").atMost(Duration.ofSeconds(60)).until(() -> received.size() >= 3);

            kafka.addPartitions(topic, 4);
            // produced before discovery can have seen the new partitions: they must be read from their start
            KafkaTestData.produce(kafka, topic, 2, List.of("c0", "c1"));
            KafkaTestData.produce(kafka, topic, 3, List.of("d0"));
            await("records of partitions 2 and 3").atMost(Duration.ofSeconds(60)).until(() -> received.size() >= 6);
            assertThat(List.copyOf(received)).containsExactlyInAnyOrder("a0", "a1", "b0", "c0", "c1", "d0");
        } finally {
            job.cancel();
        }
    }

    @Test
    void shouldReadTopicsThatMatchThePatternWhenTheyAppear() {
        String prefix = KafkaTestData.uniqueTopic("pattern");
        kafka.createTopic(prefix + "-first", 2);
        String listName = "pattern-" + prefix;
        Job job = startListJob(KafkaSourceConfig.builder(kafka.bootstrapServers())
                .topicPattern(java.util.regex.Pattern.quote(prefix) + "-.*")
                .partitionDiscoveryInterval(Duration.ofMillis(200)).build(), listName);
        try {
            IList<String> received = HZ.cluster().member(0).getList(listName);
            KafkaTestData.produce(kafka, prefix + "-first", 1, List.of("first"));
            await("the record of the first topic").atMost(Duration.ofSeconds(60)).until(() -> received.size() >= 1);

            kafka.createTopic(prefix + "-second", 3);
            kafka.createTopic("other-" + prefix, 1);
            KafkaTestData.produce(kafka, "other-" + prefix, 0, List.of("not matching"));
            List<String> second = IntStream.range(0, 3).mapToObj(i -> "second-" + i).collect(Collectors.toList());
            for (int p = 0; p < 3; p++) {
                KafkaTestData.produce(kafka, prefix + "-second", p, List.of(second.get(p)));
            }
            await("the records of the second topic").atMost(Duration.ofSeconds(60)).until(() -> received.size() >= 4);
            assertThat(List.copyOf(received)).containsExactlyInAnyOrder("first", "second-0", "second-1", "second-2");
        } finally {
            job.cancel();
        }
    }

    private Job startListJob(KafkaSourceConfig config, String listName) {
        Pipeline pipeline = Pipeline.create();
        pipeline.readFrom(JetwaySources.kafka(config, RecordDecoders.utf8String()))
                .withoutTimestamps()
                .writeTo(Sinks.list(listName));
        Job job = HZ.cluster().member(0).getJet().newJob(pipeline, new JobConfig().setName(listName));
        JetJobs.awaitRunning(job);
        return job;
    }
}
