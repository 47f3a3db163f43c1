package io.jetway;

import com.hazelcast.jet.Job;
import com.hazelcast.jet.config.JobConfig;
import io.jetway.kafka.common.txn.TransactionalIdScheme;
import io.jetway.testing.HazelcastCluster;
import io.jetway.testing.KafkaBroker;
import io.jetway.testing.KafkaTestData;
import io.jetway.testing.eos.EosInput;
import io.jetway.testing.eos.EosReport;
import io.jetway.testing.eos.ExactlyOnceChecker;
import io.jetway.testing.eos.StateModel;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * One fault scenario: topics, input, the {@link EosPipeline} job with its {@link Faults}, and the checker.
 * The scenario's steps drive the input in chunks and inject faults between them; {@link #finish} cancels the
 * job and returns the checker's report, which it also prints for the test report.
 */
final class SinkScenario implements AutoCloseable {

    static final Duration AWAIT = Duration.ofSeconds(90);

    final KafkaBroker kafka;
    final String name;
    final String inputTopic;
    final String outputTopic;
    final EosInput input;
    final StateModel model = StateModel.checksum();
    final Faults faults;
    final ExactlyOnceChecker checker;
    private int produced;
    private Job job;

    SinkScenario(KafkaBroker kafka, String name, int keys, int records) {
        this.kafka = kafka;
        this.name = name;
        this.inputTopic = KafkaTestData.uniqueTopic(name + "-in");
        this.outputTopic = KafkaTestData.uniqueTopic(name + "-out");
        kafka.createTopic(inputTopic, 4);
        kafka.createTopic(outputTopic, 4);
        this.input = EosInput.generate(keys, records, name.hashCode());
        this.faults = Faults.create(outputTopic);
        this.checker = new ExactlyOnceChecker(kafka, outputTopic, input, model);
    }

    KafkaSourceConfig.Builder source() {
        return KafkaSourceConfig.builder(kafka.bootstrapServers()).topics(inputTopic);
    }

    KafkaSinkConfig.Builder sink() {
        return KafkaSinkConfig.builder(kafka.bootstrapServers()).topic(outputTopic);
    }

    /** Submits the job with faults injected into its sink, snapshots every {@code snapshotIntervalMs}. */
    Job submit(HazelcastCluster cluster, long snapshotIntervalMs, UnaryOperator<KafkaSinkConfig.Builder> sinkSettings) {
        return submit(cluster, EosPipeline.exactlyOnce(name, snapshotIntervalMs), source().build(),
                sinkSettings.apply(sink()).build(), true);
    }

    /**
     * Submits the job.
     *
     * @param injectFaults whether the sink is wrapped in {@link FaultInjectingP}, which works with members in
     *                     this JVM only
     */
    Job submit(HazelcastCluster cluster, JobConfig config, KafkaSourceConfig sourceConfig, KafkaSinkConfig sinkConfig,
               boolean injectFaults) {
        job = cluster.member(0).getJet().newJob(EosPipeline.build(sourceConfig, sinkConfig, model,
                injectFaults ? faults.name() : null), config);
        return job;
    }

    /** The transactional ids of the faulty sink whose transaction the coordinator lists as ongoing. */
    List<String> ongoingTransactions() {
        String prefix = TransactionalIdScheme.of(name, "faulty-kafka-sink").prefix() + "-";
        try {
            List<String> ongoing = new ArrayList<>();
            for (TransactionListing listing : kafka.admin().listTransactions(new ListTransactionsOptions()
                    .filterStates(Set.of(TransactionState.ONGOING))).all().get(30, TimeUnit.SECONDS)) {
                if (listing.transactionalId().startsWith(prefix)) {
                    ongoing.add(listing.transactionalId());
                }
            }
            return ongoing;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot list the transactions of " + prefix + "*: " + e, e);
        }
    }

    Job job() {
        return job;
    }

    /** Produces the next {@code count} input events (or what is left). */
    void produceNext(int count) {
        int to = Math.min(input.size(), produced + count);
        input.produce(kafka, inputTopic, produced, to);
        produced = to;
    }

    /** Produces the rest of the input. */
    void produceRest() {
        produceNext(input.size() - produced);
    }

    /** Waits until everything produced so far is committed in the output. */
    void awaitProducedCommitted() {
        checker.awaitCommittedAtLeast(produced, AWAIT, job);
    }

    /** Produces the rest, waits until all of it is committed, cancels the job and checks the output. */
    EosReport finish() {
        produceRest();
        checker.awaitAllCommitted(AWAIT, job);
        job.cancel();
        return report();
    }

    /** Checks the output now and prints the report. */
    EosReport report() {
        EosReport report = checker.check();
        System.out.println("SCENARIO " + name + System.lineSeparator() + report);
        return report;
    }

    @Override
    public void close() {
        checker.close();
        faults.unregister();
    }
}
