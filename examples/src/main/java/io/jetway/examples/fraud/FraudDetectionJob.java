package io.jetway.examples.fraud;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.config.ProcessingGuarantee;
import com.hazelcast.jet.core.JobStatus;
import com.hazelcast.sql.SqlResult;
import com.hazelcast.sql.SqlRow;
import io.jetway.examples.StartupChecks;
import io.jetway.examples.fraud.proto.Payment;
import io.jetway.state.StateConfig;
import io.jetway.state.changelog.KafkaChangelogConfig;
import io.jetway.state.changelog.KafkaChangelogStateBackendFactory;
import io.jetway.testing.EmbeddedKafkaBroker;
import io.jetway.testing.HazelcastCluster;
import io.jetway.testing.JetJobs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * The README's main job: fraud detection on Kafka with Jetway. It starts an embedded Kafka broker and a
 * Hazelcast cluster (unless pointed at external ones), writes Protobuf payment events, runs the
 * {@link FraudPipeline} with EXACTLY_ONCE, terminates a member mid-run, lets the job recover, and ends with
 * a verdict computed from the output: alerts expected vs found in the alerts topic (read_committed), lost
 * and duplicated alerts, payments counted in the SQL-queryable account summaries, recovery time and
 * throughput. Exit code 0 only for an exact result, 1 when something fails (the job's own failure as soon as
 * the job fails), 2 for an invalid option: the options, the {@code --hazelcast-config} file and an external
 * {@code --bootstrap-servers} are checked before anything starts.
 */
@Command(name = "fraud-detection", mixinStandardHelpOptions = true,
        description = "Kafka -> Jetway (Protobuf, keyed windows on a state backend) -> Kafka alerts + IMap, exactly once")
public final class FraudDetectionJob implements Callable<Integer> {

    @Option(names = "--events", description = "payment events to write, >= 1 (default: ${DEFAULT-VALUE})")
    int events = 60_000;

    @Option(names = "--rate", description = "events per second written, 0 = as fast as possible (default: ${DEFAULT-VALUE})")
    int rate = 20_000;

    @Option(names = "--accounts", description = "distinct accounts, >= 1 (default: ${DEFAULT-VALUE})")
    int accounts = 2_000;

    @Option(names = "--members", description = "embedded Hazelcast members, >= 1 (default: ${DEFAULT-VALUE})")
    int members = 2;

    @Option(names = "--partitions", description = "partitions of the payments topic, >= 1 (default: ${DEFAULT-VALUE})")
    int partitions = 4;

    @Option(names = "--state-backend", description = "state backend by name: kafka-changelog, heap, imap (default: ${DEFAULT-VALUE})")
    String stateBackend = "kafka-changelog";

    @Option(names = "--bootstrap-servers", description = "an external Kafka cluster instead of the embedded broker")
    String bootstrapServers;

    @Option(names = "--startup-timeout-seconds", description = "how long the external Kafka (--bootstrap-servers) "
            + "may take to answer at start, >= 1 (default: ${DEFAULT-VALUE})")
    int startupTimeoutSeconds = 30;

    @Option(names = "--hazelcast-config", description = "a member config file (XML/YAML): join an external cluster instead of starting one")
    Path hazelcastConfig;

    @Option(names = "--no-failure", description = "do not terminate a member mid-run")
    boolean noFailure;

    @Option(names = "--seed", description = "seed of the generated events (default: ${DEFAULT-VALUE})")
    long seed = 42;

    @Spec
    CommandSpec spec;

    private final PrintStream out = System.out;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the job with {@code args} as {@link #main} does, and returns the exit code instead of exiting. */
    public static int execute(String... args) {
        return new CommandLine(new FraudDetectionJob()).execute(args);
    }

    @Override
    public Integer call() throws Exception {
        long startNs = System.nanoTime();
        // Everything that can be checked is checked before a broker, a member or the job starts.
        StartupChecks checks = new StartupChecks(spec);
        checks.atLeast("--events", events, 1);
        checks.atLeast("--rate", rate, 0);
        checks.atLeast("--accounts", accounts, 1);
        checks.atLeast("--members", members, 1);
        checks.atLeast("--partitions", partitions, 1);
        checks.atLeast("--startup-timeout-seconds", startupTimeoutSeconds, 1);
        Config memberConfig = hazelcastConfig == null ? null : checks.memberConfig("--hazelcast-config", hazelcastConfig);
        if (bootstrapServers != null) {
            checks.kafkaReachable("--bootstrap-servers", bootstrapServers, Duration.ofSeconds(startupTimeoutSeconds),
                    "--startup-timeout-seconds");
        }
        EmbeddedKafkaBroker broker = bootstrapServers == null ? EmbeddedKafkaBroker.start() : null;
        try {
            String kafka = broker != null ? broker.bootstrapServers() : bootstrapServers;
            HazelcastCluster cluster = memberConfig == null ? HazelcastCluster.start(members,
                    c -> c.getMetricsConfig().setCollectionFrequencySeconds(1)) : null;
            HazelcastInstance member = cluster != null ? cluster.member(0) : Hazelcast.newHazelcastInstance(memberConfig);
            try {
                return run(kafka, cluster, member, startNs);
            } finally {
                if (cluster != null) {
                    cluster.close();
                } else {
                    member.shutdown();
                }
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    private int run(String kafka, HazelcastCluster cluster, HazelcastInstance member, long startNs) throws Exception {
        String suffix = Long.toHexString(System.nanoTime());
        String paymentsTopic = "payments-" + suffix;
        String alertsTopic = "alerts-" + suffix;
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka))) {
            admin.createTopics(List.of(new NewTopic(paymentsTopic, partitions, (short) 1),
                    new NewTopic(alertsTopic, partitions, (short) 1))).all().get();
        }
        say("Kafka at %s, Hazelcast cluster of %d members, state backend '%s'", kafka,
                member.getCluster().getMembers().size(), stateBackend);

        List<Payment> payments = PaymentGenerator.payments(events, accounts, seed);
        Set<String> expected = PaymentGenerator.expectedAlerts(payments);
        // kafka-changelog through its typed config: the changelog in the same Kafka cluster, every other option
        // at its default; the other backends by name, with no options
        StateConfig state = stateBackend.equals(KafkaChangelogStateBackendFactory.NAME)
                ? KafkaChangelogConfig.builder(kafka).build().toStateConfig()
                : StateConfig.backend(stateBackend);
        Job job = member.getJet().newJob(FraudPipeline.build(kafka, paymentsTopic, alertsTopic, state),
                new JobConfig().setName("fraud-detection-" + suffix)
                        .setProcessingGuarantee(ProcessingGuarantee.EXACTLY_ONCE).setSnapshotIntervalMillis(1_000));
        JetJobs.awaitRunning(job);      // fails at once with the job's failure when it fails to start

        AtomicLong produced = new AtomicLong();
        long recoveryMs = -1;
        long processingStartNs = System.nanoTime();
        try (Progress progress = new Progress(out, member, job, produced);
             KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
            int half = events / 2;
            produce(producer, paymentsTopic, payments.subList(0, half), produced);
            if (!noFailure && cluster != null && cluster.members().size() > 1) {
                waitFor(job, () -> sumOf(job, "kafkaRecordsIn") >= half / 2 && JetJobs.lastSnapshotId(member, job) >= 0,
                        "a quarter of the events read and a snapshot taken");
                progress.note("terminating member 2");
                long t0 = System.nanoTime();
                long snapshotBefore = JetJobs.lastSnapshotId(member, job);
                cluster.terminate(cluster.members().size() - 1);
                progress.note("member 2 terminated, job recovering");
                // recovered = running again on the survivors and able to complete a snapshot
                waitFor(job, () -> job.getStatus() == JobStatus.RUNNING
                        && JetJobs.lastSnapshotId(member, job) > snapshotBefore + 1, "the job to run again");
                recoveryMs = (System.nanoTime() - t0) / 1_000_000;
                progress.note("recovered in " + recoveryMs + " ms");
            }
            produce(producer, paymentsTopic, payments.subList(half, events), produced);
            produceEndMarkers(producer, paymentsTopic, PaymentGenerator.endMarkers(payments, partitions));
            waitFor(job, () -> countAlerts(kafka, alertsTopic) >= expected.size() && summariesCount(member) >= events,
                    () -> "every alert committed (" + countAlerts(kafka, alertsTopic) + " of " + expected.size()
                            + ") and every payment summarised (" + summariesCount(member) + " of " + events + "; "
                            + summaryMismatches(member, payments) + ")");
        }
        double processingSeconds = (System.nanoTime() - processingStartNs) / 1e9;

        List<Alert> found = AlertReader.readCommitted(kafka, alertsTopic);
        Map<String, Integer> foundIds = new HashMap<>();
        found.forEach(a -> foundIds.merge(a.id(), 1, Integer::sum));
        Set<String> lost = new HashSet<>(expected);
        lost.removeAll(foundIds.keySet());
        Set<String> unexpected = new HashSet<>(foundIds.keySet());
        unexpected.removeAll(expected);
        long duplicated = found.size() - foundIds.size();
        long[] summary = summaries(member);
        job.cancel();
        waitFor(null, () -> job.getStatus().isTerminal(), "the job to stop");

        say("events in: %,d (%,d accounts); alerts expected: %,d; alerts found: %,d", events, accounts, expected.size(),
                found.size());
        say("lost: %d; duplicated: %d; unexpected: %d", lost.size(), duplicated, unexpected.size());
        say("SQL over IMap %s: %,d accounts, %,d payments counted (expected %,d)", FraudPipeline.SUMMARIES, summary[0],
                summary[1], events);
        if (recoveryMs >= 0) {
            say("recovery after the member failure: %,d ms", recoveryMs);
        }
        say("first event to verified result: %.1f s (events written at %s, recovery included); whole run %.1f s",
                processingSeconds, rate == 0 ? "full speed" : String.format(Locale.ROOT, "%,d/s", rate),
                (System.nanoTime() - startNs) / 1e9);
        boolean exact = lost.isEmpty() && duplicated == 0 && unexpected.isEmpty() && summary[1] == events;
        say("VERDICT: %s", exact ? "EXACTLY ONCE" : "NOT EXACT");
        return exact ? 0 : 1;
    }

    private void produce(KafkaProducer<byte[], byte[]> producer, String topic, List<Payment> batch, AtomicLong produced) {
        long startNs = System.nanoTime();
        long sent = 0;
        for (Payment p : batch) {
            int partition = Math.floorMod(p.getAccount().hashCode(), partitions);
            producer.send(new ProducerRecord<>(topic, partition, p.getAccount().getBytes(UTF_8), p.toByteArray()));
            produced.incrementAndGet();
            if (rate > 0 && ++sent % 1_000 == 0) {
                long dueNs = startNs + sent * 1_000_000_000L / rate;
                long waitNs = dueNs - System.nanoTime();
                if (waitNs > 0) {
                    LockSupport.parkNanos(waitNs);     // pace the generator at --rate
                }
            }
        }
        producer.flush();
    }

    /**
     * End marker {@code i} to partition {@code i}: every partition's watermark must pass the last windows, or
     * they close only when the partitions without a marker go idle.
     */
    private static void produceEndMarkers(KafkaProducer<byte[], byte[]> producer, String topic, List<Payment> markers) {
        for (int partition = 0; partition < markers.size(); partition++) {
            Payment marker = markers.get(partition);
            producer.send(new ProducerRecord<>(topic, partition, marker.getAccount().getBytes(UTF_8),
                    marker.toByteArray()));
        }
        producer.flush();
    }

    private static KafkaProducer<byte[], byte[]> producer(String kafka) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, "5"), new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static long sumOf(Job job, String metric) {
        try {
            return job.getMetrics().get(metric).stream().mapToLong(m -> m.value()).sum();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static long countAlerts(String kafka, String topic) {
        return AlertReader.readCommitted(kafka, topic).size();
    }

    /** Up to 5 accounts whose summary differs from the input, for the message of a failed wait. */
    private static String summaryMismatches(HazelcastInstance member, List<Payment> payments) {
        Map<String, Long> expectedCounts = new HashMap<>();
        payments.forEach(p -> expectedCounts.merge(p.getAccount(), 1L, Long::sum));
        Map<String, AccountSummary> actual = member.<String, AccountSummary>getMap(FraudPipeline.SUMMARIES).getAll(
                expectedCounts.keySet());
        StringBuilder wrong = new StringBuilder("wrong accounts:");
        int shown = 0;
        for (Map.Entry<String, Long> e : expectedCounts.entrySet()) {
            AccountSummary s = actual.get(e.getKey());
            long got = s == null ? 0 : s.payments();
            if (got != e.getValue() && shown++ < 5) {
                wrong.append(' ').append(e.getKey()).append('=').append(got).append("/").append(e.getValue());
            }
        }
        return wrong.toString();
    }

    private static long summariesCount(HazelcastInstance member) {
        return member.getMap(FraudPipeline.SUMMARIES).isEmpty() ? 0 : summaries(member)[1];
    }

    /** {accounts, payments} summed over the IMap of account summaries, with SQL. */
    private static long[] summaries(HazelcastInstance member) {
        member.getSql().execute("CREATE OR REPLACE MAPPING " + FraudPipeline.SUMMARIES + " (__key VARCHAR, account "
                + "VARCHAR, payments BIGINT, totalCents BIGINT) TYPE IMap OPTIONS ('keyFormat'='varchar', "
                + "'valueFormat'='compact', 'valueCompactTypeName'='" + AccountSummary.class.getName() + "')").close();
        try (SqlResult result = member.getSql().execute("SELECT COUNT(*), SUM(payments) FROM " + FraudPipeline.SUMMARIES)) {
            SqlRow row = result.iterator().next();
            Number accounts = row.getObject(0);
            Number payments = row.getObject(1);     // SUM(BIGINT) is a DECIMAL in Hazelcast SQL
            return new long[] {accounts.longValue(), payments == null ? 0 : payments.longValue()};
        }
    }

    /** Waits for {@code condition}; fails at once if {@code job} (when given) ended, after 5 minutes otherwise. */
    private static void waitFor(Job job, BooleanSupplier condition, String what) {
        waitFor(job, condition, () -> what);
    }

    /** Like the other, with a description computed when the wait times out (it may say how far it got). */
    private static void waitFor(Job job, BooleanSupplier condition, java.util.function.Supplier<String> what) {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (job != null && job.getStatus().isTerminal()) {
                job.join();   // throws the job's failure
                throw new IllegalStateException("The job ended " + job.getStatus() + " while waiting for " + what.get());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Timed out after 5 minutes waiting for " + what.get());
            }
            LockSupport.parkNanos(200_000_000L);
        }
    }

    private void say(String format, Object... args) {
        out.println("[jetway] " + String.format(Locale.ROOT, format, args));
    }
}
