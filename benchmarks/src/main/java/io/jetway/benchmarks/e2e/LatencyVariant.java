package io.jetway.benchmarks.e2e;

import com.hazelcast.jet.Job;
import com.hazelcast.jet.core.ProcessorMetaSupplier;
import io.jetway.benchmarks.Events;
import io.jetway.benchmarks.proto.Event;
import io.jetway.state.StatefulFunction;
import io.jetway.testing.HazelcastCluster;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * End-to-end latency at a fixed rate: this JVM produces events at {@code latencyRate} per second (each
 * stamped with its intended send time) into its own topic while the job source → exactly-once keyed count
 * on {@code kafka-changelog} or {@code heap} (snapshot every {@code snapshotIntervalMs}) →
 * {@link LatencySinkP} runs on one member here. The first {@code warmupSeconds} of events are the warm-up;
 * the next {@code latencySeconds} are recorded in an HdrHistogram. The producer sends what is due every
 * millisecond with {@code linger.ms=1}. Until Jetway has its Kafka sink (issue 6) the output goes to an
 * in-JVM sink, so this is the latency up to the stateful step's output, not to a committed output topic.
 */
final class LatencyVariant implements Variant {

    private final String backend;
    private HazelcastCluster cluster;
    private String bootstrap;
    private String changelogTopic;

    /** @param backend {@code changelog}, {@code changelog-unbuffered} or {@code heap} */
    LatencyVariant(String backend) {
        this.backend = backend;
    }

    @Override
    public Measurement run(VariantSettings s) throws Exception {
        bootstrap = s.bootstrap();
        long warmupRecords = (long) s.latencyRate() * s.warmupSeconds();
        long total = warmupRecords + (long) s.latencyRate() * s.latencySeconds();
        cluster = JetRuns.cluster(1);
        String name = s.variant() + "-" + System.currentTimeMillis();
        changelogTopic = name + "-changelog";
        LatencySinkP.measureFromSeq = warmupRecords;
        LatencySinkP.rate = s.latencyRate();
        LatencySinkP.MAX_LATENCY_US_BY_SECOND = new AtomicLongArray(s.warmupSeconds() + s.latencySeconds() + 1);
        LatencySinkP.COUNT.set(0);
        LatencySinkP.CHECKSUM.set(0);
        StatefulFunction<String, Long, Event, Event> countAndPass = (state, key, event) -> {
            Long previous = state.get();
            state.set(previous == null ? 1 : previous + 1);
            return event;
        };
        Job job = cluster.member(0).getJet().newJob(
                CountJob.dag(s.bootstrap(), s.topic(), CountJob.state(backend, s.bootstrap(), changelogTopic),
                        countAndPass, ProcessorMetaSupplier.of(LatencySinkP::new)),
                CountJob.exactlyOnce(name, s.snapshotIntervalMs()));
        if (backend.startsWith("changelog")) {
            JetRuns.awaitChangelogOpen(job);        // the clock starts once the job can process
        }
        long sendNanos = produceAtFixedRate(s, total);
        JetRuns.awaitCount(job, LatencySinkP.COUNT::get, total, "events through the job");
        if (backend.startsWith("changelog")) {
            System.err.println(s.variant() + ": last snapshot phases (ms, per processor): prepare "
                    + job.getMetrics().get("changelog.snapshotPrepareMillis") + ", commit "
                    + job.getMetrics().get("changelog.snapshotCommitMillis"));
        }
        JetRuns.cancel(job);
        Histogram h = LatencySinkP.LATENCY_US.getIntervalHistogram();
        List<Measurement.Metric> metrics = new ArrayList<>();
        metrics.add(new Measurement.Metric("latency_p50", "ms", h.getValueAtPercentile(50) / 1000.0));
        metrics.add(new Measurement.Metric("latency_p90", "ms", h.getValueAtPercentile(90) / 1000.0));
        metrics.add(new Measurement.Metric("latency_p99", "ms", h.getValueAtPercentile(99) / 1000.0));
        metrics.add(new Measurement.Metric("latency_p999", "ms", h.getValueAtPercentile(99.9) / 1000.0));
        metrics.add(new Measurement.Metric("latency_max", "ms", h.getMaxValue() / 1000.0));
        metrics.add(new Measurement.Metric("offered_rate", "records/s", (total - 1) * 1e9 / sendNanos));
        System.err.println(s.variant() + ": " + h.getTotalCount() + " latencies recorded; highest latency (ms) of the "
                + "events sent in each second: " + timeline());
        return new Measurement(s.variant(), LatencySinkP.COUNT.get(), LatencySinkP.CHECKSUM.get(), metrics);
    }

    private static String timeline() {
        AtomicLongArray t = LatencySinkP.MAX_LATENCY_US_BY_SECOND;
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < t.length(); i++) {
            b.append(i == 0 ? "" : " ").append(t.get(i) / 1000);
        }
        return b.toString();
    }

    /** Sends events {@code 0..total-1} at the fixed rate; returns the nanoseconds from the first to the last send. */
    private static long produceAtFixedRate(VariantSettings s, long total) {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrap(),
                ProducerConfig.LINGER_MS_CONFIG, "1", ProducerConfig.ACKS_CONFIG, "all");
        AtomicReference<Exception> firstError = new AtomicReference<>();
        Callback onAck = (metadata, error) -> {
            if (error != null) {
                firstError.compareAndSet(null, error);
            }
        };
        double intervalNs = 1e9 / s.latencyRate();
        long start = System.nanoTime();
        long last = start;
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            // Every millisecond, send what is due: a spinning sender would take one of the two cores. Each event
            // carries its intended send time, so a sender that falls behind still shows up as latency.
            for (long i = 0; i < total; ) {
                long now = System.nanoTime();
                for (long intended = start + (long) (i * intervalNs); i < total && intended <= now;
                     intended = start + (long) (i * intervalNs)) {
                    producer.send(new ProducerRecord<>(s.topic(), Events.keyBytes(i, s.keys()),
                            Events.bytes(i, s.keys(), s.valueBytes(), intended)), onAck);
                    i++;
                }
                last = System.nanoTime();
                LockSupport.parkNanos(1_000_000);
            }
            producer.flush();
        }
        if (firstError.get() != null) {
            throw new IllegalStateException("producing the latency input failed", firstError.get());
        }
        return last - start;
    }

    @Override
    public void close() {
        if (cluster != null) {
            cluster.close();
        }
        if (bootstrap != null && changelogTopic != null && backend.startsWith("changelog")) {
            ChangelogReader.deleteTopics(bootstrap, List.of(changelogTopic));
        }
    }
}
