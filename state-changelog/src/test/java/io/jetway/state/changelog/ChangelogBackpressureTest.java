package io.jetway.state.changelog;

import io.jetway.spi.state.StateBackend;
import io.jetway.testing.KafkaBroker;
import io.jetway.testing.KafkaTestData;
import io.jetway.testing.SharedKafka;
import io.jetway.kafka.common.txn.TransactionalIdScheme;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Store calls run on a cooperative processor's thread and must never block there, also when Kafka does not
 * acknowledge the changelog records for a while (a slow or partitioned broker): the producer's
 * {@code buffer.memory} fills up and a {@code send} would block up to {@code max.block.ms}.
 */
class ChangelogBackpressureTest {

    private static final int PARTITIONS = 4;
    private static final int KEYS = 5_000;
    private static final int POOL_SIZE = 3;
    private static final String PADDING = "-".repeat(100);

    private final KafkaBroker kafka = SharedKafka.get();

    /**
     * Purpose: Kafka takes the changelog records far slower than the processor changes state. Steps: a
     * small producer buffer (256 KiB) and a long {@code max.block.ms}; a produce quota of 1 KiB/s on the
     * job's changelog producers; 5,000 changes of keys of ~100 bytes, about 3 times what the buffer holds, sent at once
     * ({@code write.buffer.keys=0}) or in rounds of 100 keys; then the quota is lifted and a snapshot is
     * taken. Pass: the changes return at once (well within max.block.ms), some of them held back
     * rather than sent, the bytes in flight below the bound; the snapshot covers every change, exactly as
     * a restore shows.
     */
    @ParameterizedTest(name = "write.buffer.keys={0}")
    @ValueSource(strings = {"0", "100"})
    void shouldNeverBlockAStoreCallWhenKafkaDoesNotAcknowledge(String writeBufferKeys) throws Exception {
        Map<String, String> options = new HashMap<>();
        options.put("bootstrap.servers", kafka.bootstrapServers());
        options.put("transaction.timeout.ms", "120000");
        options.put("write.buffer.keys", writeBufferKeys);
        options.put("kafka.buffer.memory", String.valueOf(256 * 1024));
        options.put("kafka.batch.size", "4096");
        options.put("kafka.max.block.ms", "120000");
        SimulatedJob job = new SimulatedJob(KafkaTestData.uniqueTopic("backpressure-" + writeBufferKeys),
                PARTITIONS, options, true);
        throttle(job, true);
        try (SimulatedJob.Execution execution = job.start(1)) {
            StateBackend<String, Long> backend = execution.backends().get(0);

            CompletableFuture<Void> changes = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < KEYS; i++) {
                    execution.put(key(i), i);
                }
            });

            assertThat(changes).as("5,000 store calls while Kafka acknowledges nothing (max.block.ms=120000)")
                               .succeedsWithin(Duration.ofSeconds(20));
            Map<String, Long> metrics = metrics(backend);
            assertThat(metrics.get("changelog.recordsAppended")).as("records handed to the producer")
                                                                .isLessThan(KEYS);
            assertThat(metrics.get("changelog.bytesInFlight")).as("bytes in flight")
                    .isLessThanOrEqualTo(ChangelogWriter.maxBytesInFlight(256 * 1024, 4096, PARTITIONS));

            throttle(job, false);
            execution.put("after", 1);
            execution.snapshot();
        }
        Map<String, Long> expected = new HashMap<>();
        for (int i = 0; i < KEYS; i++) {
            expected.put(key(i), (long) i);
        }
        expected.put("after", 1L);
        try (SimulatedJob.Execution restored = job.restore(1)) {
            assertThat(restored.state()).isEqualTo(expected);
        }
    }

    private static String key(int i) {
        return "key-" + i + PADDING;
    }

    // A produce quota of 1 KiB/s on the job's changelog producers (client id "jetway-changelog-<transactional
    // id>"): the broker answers with a throttle time and the producer holds its records meanwhile, so its
    // buffer fills up as it would with a slow or unreachable broker.
    private void throttle(SimulatedJob job, boolean on) throws Exception {
        List<ClientQuotaAlteration> alterations = new ArrayList<>();
        for (String id : new TransactionalIdScheme(job.transactionalIdPrefix()).pool(0, 0, POOL_SIZE)) {
            alterations.add(new ClientQuotaAlteration(new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID,
                    "jetway-changelog-" + id)), List.of(new ClientQuotaAlteration.Op("producer_byte_rate",
                    on ? 1024.0 : null))));
        }
        kafka.admin().alterClientQuotas(alterations).all().get(30, TimeUnit.SECONDS);
    }

    private static Map<String, Long> metrics(StateBackend<String, Long> backend) {
        Map<String, Long> metrics = new HashMap<>();
        backend.collectMetrics(metrics::put);
        return metrics;
    }
}
