package io.jetway.benchmarks.e2e;

import com.hazelcast.jet.Job;
import com.hazelcast.jet.core.DAG;
import io.jetway.state.StateConfig;
import io.jetway.testing.HazelcastCluster;

import java.util.ArrayList;
import java.util.List;

/**
 * Exactly-once keyed count of the whole input ({@link CountJob}) on one member, snapshot every
 * {@code snapshotIntervalMs}, with the {@code heap} or the {@code kafka-changelog} backend: throughput
 * at the sink (snapshots and changelog transactions included) from the end of the warm-up time to the last
 * count, within one pass when it is long enough ({@link Passes#warmUpWithinPass}). Each pass is a new job
 * with a new changelog topic. With the changelog backend the measured pass's job is then
 * restarted to measure its restore ({@link ChangelogRestoreStep}): the changelog holds each key's newest
 * value once per snapshot epoch in which it changed (the backend's write-behind buffer).
 */
final class CountVariant implements Variant {

    private final String backend;
    private final boolean aligned;
    private final List<String> topics = new ArrayList<>();
    private HazelcastCluster cluster;
    private String bootstrap;
    private Job current;
    private String currentTopic;
    private int pass;

    CountVariant(String backend) {
        this(backend, false);
    }

    /** @param aligned the count fused into the source ({@link CountJob#alignedCountDag}) */
    CountVariant(String backend, boolean aligned) {
        this.backend = backend;
        this.aligned = aligned;
    }

    @Override
    public Measurement run(VariantSettings s) throws Exception {
        bootstrap = s.bootstrap();
        cluster = JetRuns.cluster(1);
        Measurement m = Passes.warmUpWithinPass(s, from -> count(s, from));
        if (!backend.equals("changelog")) {
            return m;
        }
        List<Measurement.Metric> metrics = new ArrayList<>(m.metrics());
        metrics.addAll(ChangelogRestoreStep.measure(current, s.bootstrap(), currentTopic, s.keys(),
                s.warmupSeconds() > 0));
        return new Measurement(m.variant(), m.records(), m.checksum(), metrics);
    }

    private Measurement count(VariantSettings s, long measureFromNs) {
        endCurrent();
        String name = s.variant() + "-" + System.currentTimeMillis() + "-" + pass++;
        currentTopic = name + "-changelog";
        topics.add(currentTopic);
        CountingSinkP.PROGRESS.reset();
        StateConfig state = CountJob.state(backend, s.bootstrap(), currentTopic);
        DAG dag = aligned ? CountJob.alignedCountDag(s.bootstrap(), s.topic(), state)
                : CountJob.countDag(s.bootstrap(), s.topic(), state);
        current = cluster.member(0).getJet().newJob(dag, CountJob.exactlyOnce(name, s.snapshotIntervalMs()));
        CountingSinkP.Progress p = CountingSinkP.PROGRESS;
        try (RateWindow window = new RateWindow(p.count::get, measureFromNs)) {
            JetRuns.awaitCount(current, p.count::get, s.records(), "records counted");
            double rate = window.rate(p.count.get(), p.firstNs.get(), p.lastNs.get());
            return rate < 0 ? null : Measurement.of(s.variant(), p.count.get(), p.checksum.get(), "throughput",
                    "records/s", rate);
        }
    }

    private void endCurrent() {
        if (current != null) {
            JetRuns.cancel(current);
            current = null;
        }
    }

    @Override
    public void close() {
        endCurrent();
        if (cluster != null) {
            cluster.close();
        }
        if (bootstrap != null && backend.equals("changelog")) {
            ChangelogReader.deleteTopics(bootstrap, topics);
        }
    }
}
