package io.jetway.state.changelog;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.aggregate.AggregateOperations;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.config.ProcessingGuarantee;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.StreamStage;
import com.hazelcast.jet.pipeline.WindowDefinition;
import io.jetway.JetwaySinks;
import io.jetway.JetwaySources;
import io.jetway.JetwayState;
import io.jetway.KafkaSinkConfig;
import io.jetway.KafkaSourceConfig;
import io.jetway.codec.RecordDecoders;
import io.jetway.codec.Utf8StringEncoder;
import io.jetway.state.StateConfig;
import io.jetway.testing.HazelcastCluster;
import io.jetway.testing.JetJobs;
import io.jetway.testing.KafkaBroker;
import io.jetway.testing.KafkaTestData;
import io.jetway.testing.SharedKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Event-time session windows per key, state in the {@code kafka-changelog} backend, results through the
 * exactly-once Kafka sink, on two members of which one is terminated mid-stream while sessions are open.
 * Read {@code read_committed}, the output must hold every session of every key exactly once, with the
 * count and bounds a run without failure gives: a session whose events were replayed would count more, a
 * lost change less, a session split by the restore would appear as two, a re-emitted one twice.
 */
class KafkaChangelogSessionWindowTest {

    private static final int PARTITIONS = 4;
    private static final int KEYS = 60;
    private static final int SESSIONS = 6;
    private static final int EVENTS_PER_SESSION = 5;
    private static final long GAP_MS = 1_000;
    private static final long EVENT_SPACING_MS = 200;
    private static final long SESSION_SPACING_MS = 10_000;
    private static final long T0 = 1_700_000_000_000L;
    /** The session open on every key when the member dies: its first events before, the rest after. */
    private static final int OPEN_SESSION = SESSIONS / 2;

    private final KafkaBroker kafka = SharedKafka.get();

    @Test
    void shouldEmitEverySessionOnceWhenAMemberDiesWithSessionsOpen() {
        String input = KafkaTestData.uniqueTopic("sessions-in");
        String output = KafkaTestData.uniqueTopic("sessions-out");
        kafka.createTopic(input, PARTITIONS);
        kafka.createTopic(output, PARTITIONS);
        try (HazelcastCluster cluster = HazelcastCluster.start(2)) {
            HazelcastInstance member = cluster.member(0);
            Job job = member.getJet().newJob(pipeline(input, output), new JobConfig().setName(input)
                    .setProcessingGuarantee(ProcessingGuarantee.EXACTLY_ONCE).setSnapshotIntervalMillis(300));

            // the first sessions, closed by the events of the next one, which stays open when the member dies
            produceEvents(input, (session, event) -> session < OPEN_SESSION || session == OPEN_SESSION && event < 2);
            KafkaTestData.readAll(kafka, output, KEYS * OPEN_SESSION, Duration.ofSeconds(120), true);
            JetJobs.awaitSnapshotAfter(member, job, JetJobs.lastSnapshotId(member, job));
            cluster.terminate(1);

            produceEvents(input, (session, event) -> session > OPEN_SESSION || session == OPEN_SESSION && event >= 2);
            produceWatermarkBeyondAllSessions(input);
            Map<String, Integer> expected = expectedSessions();
            List<ConsumerRecord<byte[], byte[]>> records = KafkaTestData.readAll(kafka, output,
                    KEYS * SESSIONS, Duration.ofSeconds(180), true);
            // one more committed snapshot: a duplicate emitted after the last expected session is read too
            JetJobs.awaitSnapshotAfter(member, job, JetJobs.lastSnapshotId(member, job));
            records = KafkaTestData.readAll(kafka, output, records.size(), Duration.ofSeconds(60), true);

            Map<String, Integer> found = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                found.merge(new String(record.value(), UTF_8), 1, Integer::sum);
            }
            assertThat(found).as("sessions read_committed (key|start|end|count -> times emitted)")
                             .isEqualTo(expected);
            job.cancel();
        }
    }

    private Pipeline pipeline(String input, String output) {
        Pipeline pipeline = Pipeline.create();
        StreamStage<String> events = pipeline.readFrom(JetwaySources.kafka(
                        KafkaSourceConfig.builder(kafka.bootstrapServers()).topics(input).build(),
                        RecordDecoders.utf8String()))
                .withTimestamps(KafkaChangelogSessionWindowTest::timestampOf, 0);
        StateConfig state = StateConfig.backend(KafkaChangelogStateBackendFactory.NAME)
                .option("bootstrap.servers", kafka.bootstrapServers())
                .option("transaction.timeout.ms", "60000")
                .option("topic", input + "-changelog");
        JetwayState.window(events.groupingKey(KafkaChangelogSessionWindowTest::keyOf), state,
                        WindowDefinition.session(GAP_MS), AggregateOperations.counting())
                .map(r -> r.key() + "|" + r.start() + "|" + r.end() + "|" + r.result())
                .writeTo(JetwaySinks.kafka(KafkaSinkConfig.builder(kafka.bootstrapServers()).topic(output).build(),
                        Utf8StringEncoder::valueOnly));
        return pipeline;
    }

    /**
     * The events of every key whose (session, event) satisfies {@code which}, sorted by event time so that
     * each partition's records are in event-time order (the watermark allows no lag).
     */
    private void produceEvents(String topic, EventFilter which) {
        List<long[]> events = new ArrayList<>();
        for (int session = 0; session < SESSIONS; session++) {
            for (int event = 0; event < EVENTS_PER_SESSION; event++) {
                if (which.test(session, event)) {
                    for (int key = 0; key < KEYS; key++) {
                        events.add(new long[] {key, eventTime(key, session, event)});
                    }
                }
            }
        }
        events.sort((a, b) -> Long.compare(a[1], b[1]));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerProps())) {
            for (long[] event : events) {
                int key = (int) event[0];
                byte[] value = ("k" + key + "|" + event[1]).getBytes(UTF_8);
                producer.send(new ProducerRecord<>(topic, key % PARTITIONS, null, value));
            }
            producer.flush();
        }
    }

    /** Selects events by session and position in the session. */
    @FunctionalInterface
    private interface EventFilter {
        boolean test(int session, int event);
    }

    /** One record per partition far beyond the last session: the watermark closes every session. */
    private void produceWatermarkBeyondAllSessions(String topic) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerProps())) {
            long far = T0 + (SESSIONS + 10) * SESSION_SPACING_MS;
            for (int partition = 0; partition < PARTITIONS; partition++) {
                byte[] value = ("end-" + partition + "|" + far).getBytes(UTF_8);
                producer.send(new ProducerRecord<>(topic, partition, null, value));
            }
            producer.flush();
        }
    }

    /** Keys start their sessions at different offsets so that sessions of keys do not line up. */
    private static long eventTime(int key, int session, int event) {
        return T0 + session * SESSION_SPACING_MS + (key * 37L) % 150 + event * EVENT_SPACING_MS;
    }

    private static Map<String, Integer> expectedSessions() {
        Map<String, Integer> expected = new TreeMap<>();
        for (int key = 0; key < KEYS; key++) {
            for (int session = 0; session < SESSIONS; session++) {
                long start = eventTime(key, session, 0);
                long end = eventTime(key, session, EVENTS_PER_SESSION - 1) + GAP_MS;
                expected.put("k" + key + "|" + start + "|" + end + "|" + EVENTS_PER_SESSION, 1);
            }
        }
        return expected;
    }

    private static String keyOf(String value) {
        return value.substring(0, value.indexOf('|'));
    }

    private static long timestampOf(String value) {
        return Long.parseLong(value.substring(value.indexOf('|') + 1));
    }
}
