package io.jetway.benchmarks.e2e;

import com.hazelcast.jet.Job;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.core.JobStatus;
import io.jetway.state.StateConfig;
import io.jetway.testing.HazelcastCluster;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Start and cancel of an exactly-once Kafka → keyed running count → Kafka job on 3 members (one JVM), snapshot
 * every {@code snapshotIntervalMs}, each pass a new job with new output and changelog topics on a cluster that
 * already ran one (the warm-up):
 * <ul>
 *     <li>{@code first_output_ms}: from {@code newJob} until the first record is visible to a
 *     {@code read_committed} reader (the output's last stable offsets, sampled every 5 ms);</li>
 *     <li>{@code all_output_ms}: until all of them are;</li>
 *     <li>{@code cancel_ms}: from {@code job.cancel()} until the job's status is terminal, and
 *     {@code cancel_closed_ms} until, in addition, every Kafka client in the JVM is closed (each member's
 *     processors close theirs: source consumers, changelog and sink producers, admin clients).</li>
 * </ul>
 * Three jobs, the same input and output format (key = the count's key, value = the running count, 8 bytes):
 * {@code jetway-changelog}: {@code JetwayState.alignedKafkaP} with {@code kafka-changelog} state (aligned:
 * state partition = input partition) → {@code JetwaySinks.kafkaP}; {@code jetway-heap}: the same with the
 * {@code heap} backend; {@code stock}: Hazelcast's {@code KafkaSources.kafka} → {@code groupingKey}
 * → {@code rollingAggregate(counting())} → {@code KafkaSinks.kafka} (hazelcast-jet-kafka, exactly-once by
 * default). The output is read back and its count and checksum (the sum of every emitted count) checked.
 */
final class StartupVariant implements Variant {

    private static final int MEMBERS = 3;
    private static final int OUTPUT_PARTITIONS = 4;
    private static final long SAMPLE_NS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long TIMEOUT_NS = TimeUnit.MINUTES.toNanos(5);
    private static final long CLIENTS_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(60);
    private static final String ADMIN_CLIENT_ID = "bench-startup-admin";

    private final String kind;
    private final List<String> topics = new ArrayList<>();
    private HazelcastCluster cluster;
    private Admin admin;
    private int pass;

    /** @param kind {@code jetway-changelog}, {@code jetway-heap} or {@code stock} */
    StartupVariant(String kind) {
        if (!List.of("jetway-changelog", "jetway-heap", "stock").contains(kind)) {
            throw new IllegalArgumentException("unknown startup job " + kind);
        }
        this.kind = kind;
    }

    @Override
    public Measurement run(VariantSettings s) throws Exception {
        // Under load (2 cores, 3 members) a snapshot's IMap backups can take longer than the default 5 s
        // backup timeout; the indeterminate put then fails the snapshot, for every job alike.
        cluster = HazelcastCluster.start(MEMBERS, config -> {
            config.getMetricsConfig().setCollectionFrequencySeconds(1);
            config.setProperty("hazelcast.operation.backup.timeout.millis", "60000");
        });
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrap(),
                AdminClientConfig.CLIENT_ID_CONFIG, ADMIN_CLIENT_ID));
        return Passes.warmUpThenMeasure(s, () -> startAndCancel(s));
    }

    private Measurement startAndCancel(VariantSettings s) throws Exception {
        String name = s.variant() + "-" + System.currentTimeMillis() + "-" + pass++;
        String output = name + "-out";
        admin.createTopics(List.of(new NewTopic(output, OUTPUT_PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
        topics.add(output);
        if (kind.equals("jetway-changelog")) {
            topics.add(name + "-changelog");
        }
        awaitNoKafkaClients("before pass " + pass);
        JobConfig config = CountJob.exactlyOnce(name, s.snapshotIntervalMs());
        System.err.println(java.time.LocalTime.now() + " " + name + ": submitting");
        long submittedNs = System.nanoTime();
        Job job = kind.equals("stock")
                ? cluster.member(0).getJet().newJob(CountToKafkaJobs.stock(s.bootstrap(), s.topic(), output), config)
                : cluster.member(0).getJet().newJob(CountToKafkaJobs.jetwayAligned(s.bootstrap(), s.topic(), output,
                        state(s, name + "-changelog")), config);
        long firstNs = 0;
        long allNs;
        try {
            while (true) {
                long visible = OutputReadBack.visibleRecords(admin, output, OUTPUT_PARTITIONS);
                long now = System.nanoTime();
                if (visible > 0 && firstNs == 0) {
                    firstNs = now;
                }
                if (visible >= s.records()) {
                    allNs = now;
                    break;
                }
                if (job.getStatus().isTerminal() || now - submittedNs > TIMEOUT_NS) {
                    throw new IllegalStateException(name + ": " + visible + " of " + s.records() + " records visible"
                            + " in " + output + ", job " + job.getStatus());
                }
                LockSupport.parkNanos(SAMPLE_NS);
            }
        } catch (Exception e) {
            JetRuns.cancel(job);
            throw e;
        }
        long cancelNs = System.nanoTime();
        job.cancel();
        JobStatus status;
        while (!(status = job.getStatus()).isTerminal()) {
            if (System.nanoTime() - cancelNs > TIMEOUT_NS) {
                throw new IllegalStateException(name + " is still " + status + " " + TIMEOUT_NS / 1_000_000_000
                        + " s after cancel()");
            }
            LockSupport.parkNanos(SAMPLE_NS);
        }
        long terminalNs = System.nanoTime();
        awaitNoKafkaClients(name + " cancelled");
        long closedNs = System.nanoTime();
        long[] countAndChecksum = OutputReadBack.countAndChecksum(s.bootstrap(), ADMIN_CLIENT_ID, output, OUTPUT_PARTITIONS,
                value -> value.getLong(value.position()));
        System.err.printf(Locale.ROOT, "%s: first output %.0f ms, all %.0f ms, cancel %.0f ms (%s), clients closed "
                        + "%.0f ms%n", name, ms(firstNs - submittedNs), ms(allNs - submittedNs),
                ms(terminalNs - cancelNs), status, ms(closedNs - cancelNs));
        List<Measurement.Metric> metrics = List.of(
                new Measurement.Metric("first_output_ms", "ms", ms(firstNs - submittedNs)),
                new Measurement.Metric("all_output_ms", "ms", ms(allNs - submittedNs)),
                new Measurement.Metric("cancel_ms", "ms", ms(terminalNs - cancelNs)),
                new Measurement.Metric("cancel_closed_ms", "ms", ms(closedNs - cancelNs)));
        return new Measurement(s.variant(), countAndChecksum[0], countAndChecksum[1], metrics);
    }

    private StateConfig state(VariantSettings s, String changelogTopic) {
        return kind.equals("jetway-heap") ? StateConfig.heap() : CountJob.state("changelog", s.bootstrap(), changelogTopic);
    }

    /**
     * Waits until no Kafka client but this variant's admin is registered in the JVM: each client registers an
     * {@code app-info} MBean when created and removes it when closed.
     */
    private static void awaitNoKafkaClients(String when) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        long startNs = System.nanoTime();
        while (true) {
            List<String> open = new ArrayList<>();
            for (String domain : List.of("kafka.producer", "kafka.consumer", "kafka.admin.client")) {
                for (ObjectName n : server.queryNames(new ObjectName(domain + ":type=app-info,*"), null)) {
                    if (!n.toString().contains(ADMIN_CLIENT_ID)) {
                        open.add(n.toString());
                    }
                }
            }
            if (open.isEmpty()) {
                return;
            }
            if (System.nanoTime() - startNs > CLIENTS_TIMEOUT_NS) {
                throw new IllegalStateException("Kafka clients still open " + when + ": " + open);
            }
            LockSupport.parkNanos(SAMPLE_NS);
        }
    }

    private static double ms(long ns) {
        return ns / 1e6;
    }

    @Override
    public void close() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (admin != null) {
            List<String> existing = new ArrayList<>(topics);
            existing.retainAll(admin.listTopics().names().get(60, TimeUnit.SECONDS));
            admin.deleteTopics(existing).all().get(60, TimeUnit.SECONDS);
            admin.close();
        }
    }
}
