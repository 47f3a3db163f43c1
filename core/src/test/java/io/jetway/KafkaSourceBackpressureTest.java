package io.jetway;

import com.hazelcast.function.SupplierEx;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.Sink;
import com.hazelcast.jet.pipeline.SinkBuilder;
import io.jetway.spi.codec.RecordDecoder;
import io.jetway.testing.HazelcastClusterExtension;
import io.jetway.testing.KafkaBroker;
import io.jetway.testing.KafkaTestData;
import io.jetway.testing.SharedKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A slow sink holds the source back: every record arrives exactly once, and the source never reads far
 * ahead of the sink (what it holds stays bounded by Jet's queues plus one poll, not by the topic size).
 * The members run in this JVM, so static counters see what the decoder and the sink do.
 */
class KafkaSourceBackpressureTest {

    private static final int RECORDS = 40_000;
    /** Jet's queues (1024 per queue), one poll (max.poll.records 500) and outboxes, with a wide margin. */
    private static final long MAX_READ_AHEAD = 10_000;

    private static final AtomicLong DECODED = new AtomicLong();
    private static final AtomicLong SUNK = new AtomicLong();
    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

    @RegisterExtension
    static final HazelcastClusterExtension HZ = HazelcastClusterExtension.of(2);

    private final KafkaBroker kafka = SharedKafka.get();

    private static final SupplierEx<RecordDecoder<String>> COUNTING = () ->
            (ByteBuffer key, ByteBuffer value, io.jetway.spi.codec.RecordContext ctx) -> {
                DECODED.incrementAndGet();
                return UTF_8.decode(value).toString();
            };

    @Test
    void shouldHoldBackTheSourceWithoutLosingRecords() {
        String topic = KafkaTestData.uniqueTopic("backpressure");
        kafka.createTopic(topic, 2);
        KafkaTestData.produceStrings(kafka, topic, RECORDS, 2);

        // The sink is slow on purpose: ~50 µs per record, far below the source's rate.
        Sink<String> slowSink = SinkBuilder.sinkBuilder("slow-sink", ctx -> SEEN)
                .<String>receiveFn((seen, item) -> {
                    LockSupport.parkNanos(50_000);
                    if (!seen.add(item)) {
                        throw new AssertionError("duplicate " + item);
                    }
                    SUNK.incrementAndGet();
                })
                .preferredLocalParallelism(1)
                .build();
        Pipeline pipeline = Pipeline.create();
        pipeline.readFrom(JetwaySources.kafka(KafkaSourceConfig.builder(kafka.bootstrapServers()).topics(topic)
                                                               .localParallelism(1).build(), COUNTING))
                .withoutTimestamps()
                .writeTo(slowSink);
        Job job = HZ.cluster().member(0).getJet().newJob(pipeline, new JobConfig().setName("backpressure"));
        try {
            AtomicLong maxReadAhead = new AtomicLong();
            await("all " + RECORDS + " records through the slow sink").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> {
                        long sunk = SUNK.get();
                        maxReadAhead.accumulateAndGet(DECODED.get() - sunk, Math::max);
                        return sunk >= RECORDS;
                    });
            assertThat(SEEN).hasSize(RECORDS);
            assertThat(DECODED.get()).isEqualTo(RECORDS);
            assertThat(maxReadAhead.get()).as("records decoded but not yet sunk, at most").isLessThan(MAX_READ_AHEAD)
                                          .isPositive();
        } finally {
            job.cancel();
        }
    }
}
