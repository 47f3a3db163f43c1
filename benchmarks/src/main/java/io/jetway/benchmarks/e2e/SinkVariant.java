package io.jetway.benchmarks.e2e;

import com.hazelcast.jet.Job;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.config.ProcessingGuarantee;
import com.hazelcast.jet.core.DAG;
import com.hazelcast.jet.core.EventTimePolicy;
import com.hazelcast.jet.core.Vertex;
import io.jetway.JetwaySinks;
import io.jetway.JetwaySources;
import io.jetway.KafkaSinkConfig;
import io.jetway.KafkaSourceConfig;
import io.jetway.benchmarks.Checksums;
import io.jetway.codec.RecordDecoders;
import io.jetway.spi.codec.RecordEncoder;
import io.jetway.testing.HazelcastCluster;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static com.hazelcast.jet.core.Edge.between;

/**
 * Jetway's Kafka sink copying the input topic to a new output topic (source → sink, values as they are) on
 * one member, snapshot every {@code snapshotIntervalMs}: exactly-once ({@code sink-eos}: a transaction per
 * snapshot, visible at its commit) or at-least-once ({@code sink-alo}: an idempotent producer flushed at each
 * snapshot). The throughput is what a {@code read_committed} reader sees: the records divided by the time from
 * the job's submission until all of them are visible (the output's last stable offsets, sampled every 20 ms),
 * so both modes pay their start-up and the exactly-once one its last commit. The output is then read back to
 * verify count and checksum.
 */
final class SinkVariant implements Variant {

    private static final int OUTPUT_PARTITIONS = 4;

    private final boolean exactlyOnce;
    private final List<String> outputs = new ArrayList<>();
    private HazelcastCluster cluster;
    private Admin admin;
    private int pass;

    SinkVariant(boolean exactlyOnce) {
        this.exactlyOnce = exactlyOnce;
    }

    @Override
    public Measurement run(VariantSettings s) throws Exception {
        cluster = JetRuns.cluster(1);
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrap()));
        return Passes.warmUpThenMeasure(s, () -> copyAll(s));
    }

    private Measurement copyAll(VariantSettings s) throws Exception {
        String output = s.variant() + "-out-" + System.currentTimeMillis() + "-" + pass++;
        admin.createTopics(List.of(new NewTopic(output, OUTPUT_PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
        outputs.add(output);
        DAG dag = new DAG();
        Vertex source = dag.newVertex("source", JetwaySources.kafkaP(KafkaSourceConfig.builder(s.bootstrap())
                .topics(s.topic()).partitionDiscoveryInterval(Duration.ZERO).build(), RecordDecoders.byteArray(),
                EventTimePolicy.noEventTime()));
        Vertex sink = dag.newVertex("sink", JetwaySinks.kafkaP(KafkaSinkConfig.builder(s.bootstrap()).topic(output)
                .build(), ValueBytesEncoder::new));
        dag.edge(between(source, sink));
        long submittedNs = System.nanoTime();
        Job job = cluster.member(0).getJet().newJob(dag, new JobConfig().setName(output)
                .setProcessingGuarantee(exactlyOnce ? ProcessingGuarantee.EXACTLY_ONCE
                        : ProcessingGuarantee.AT_LEAST_ONCE)
                .setSnapshotIntervalMillis(s.snapshotIntervalMs()));
        long lastNs;
        long deadlineNs = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
        try {
            while (true) {
                long visible = OutputReadBack.visibleRecords(admin, output, OUTPUT_PARTITIONS);
                long now = System.nanoTime();
                if (visible >= s.records()) {
                    lastNs = now;
                    break;
                }
                if (job.getStatus().isTerminal() || now - deadlineNs > 0) {
                    throw new IllegalStateException(s.variant() + ": " + visible + " of " + s.records()
                            + " records visible in " + output + ", job " + job.getStatus());
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        } finally {
            JetRuns.cancel(job);
        }
        long[] countAndChecksum = OutputReadBack.countAndChecksum(s.bootstrap(), null, output, OUTPUT_PARTITIONS,
                new Checksums.ValueCrc()::of);
        return Measurement.of(s.variant(), countAndChecksum[0], countAndChecksum[1], "throughput", "records/s",
                countAndChecksum[0] * 1e9 / (lastNs - submittedNs));
    }

    @Override
    public void close() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (admin != null) {
            admin.deleteTopics(outputs).all().get(60, TimeUnit.SECONDS);
            admin.close();
        }
    }

    /** The value bytes as they came, no key. */
    static final class ValueBytesEncoder implements RecordEncoder<byte[]> {

        @Override
        public ByteBuffer encodeKey(byte[] item) {
            return null;
        }

        @Override
        public ByteBuffer encodeValue(byte[] item) {
            return ByteBuffer.wrap(item);
        }
    }
}
