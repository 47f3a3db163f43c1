package io.jetway.benchmarks.e2e;

import com.hazelcast.jet.Job;
import com.hazelcast.jet.core.ProcessorMetaSupplier;
import io.jetway.benchmarks.proto.Event;
import io.jetway.state.StatefulFunction;
import io.jetway.testing.HazelcastCluster;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * End-to-end latency at a fixed rate: this JVM produces events at {@code latencyRate} per second (each
 * stamped with its intended send time) into its own topic while the job source → exactly-once keyed count
 * on {@code kafka-changelog} or {@code heap} (snapshot every {@code snapshotIntervalMs}) →
 * {@link LatencySinkP} runs on one member here. The first {@code warmupSeconds} of events are the warm-up;
 * the next {@code latencySeconds} are recorded in an HdrHistogram. The producer is a {@link FixedRateProducer}.
 * Until Jetway has its Kafka sink (issue 6) the output goes to an
 * in-JVM sink, so this is the latency up to the stateful step's output, not to a committed output topic.
 */
final class LatencyVariant implements Variant {

    private final String backend;
    private HazelcastCluster cluster;
    private String bootstrap;
    private String changelogTopic;

    /**
     * @param backend a {@link CountJob#state} backend: {@code changelog}, {@code changelog-unbuffered},
     *                {@code changelog-held} or {@code heap}
     */
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
        long sendNanos = new FixedRateProducer(s.bootstrap(), s.topic(), total, s.keys(), s.valueBytes(),
                s.latencyRate()).run();
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
