package io.jetway.benchmarks.e2e;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * {@code recovery-kstreams-eos}: the Kafka Streams {@code exactly_once_v2} count to Kafka (every update, as
 * {@code kstreams-count-eos-kafka}) as 2 instances of one application, each in its own JVM
 * ({@link KafkaStreamsCountMain}, 2 stream threads each, so each owns 2 of the 4 tasks), consumer group
 * heartbeats every {@value RecoveryRun#HEARTBEAT_INTERVAL_SECONDS} s and session timeout
 * {@value RecoveryRun#FAILURE_TIMEOUT_SECONDS} s. {@link RecoveryRun} drives the load and kills the second
 * instance's JVM with SIGKILL. {@code detection_ms}: from the kill until the consumer group lists only the
 * survivor's consumers (polled every 50 ms).
 */
final class KafkaStreamsRecoveryVariant implements Variant {

    private static final int INSTANCES = 2;
    private static final int THREADS_PER_INSTANCE = 2;
    private static final long TIMEOUT_NS = TimeUnit.MINUTES.toNanos(2);

    private final List<Process> instances = new ArrayList<>();
    private final List<Path> stateDirs = new ArrayList<>();
    private CountOutput output;
    private Admin admin;
    private String bootstrap;
    private String applicationId;

    @Override
    public Measurement run(VariantSettings s) throws Exception {
        bootstrap = s.bootstrap();
        output = new CountOutput(s.bootstrap());
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrap()));
        applicationId = s.variant() + "-" + System.currentTimeMillis();
        String topic = output.newTopic(applicationId);
        for (int i = 0; i < INSTANCES; i++) {
            instances.add(start(s, topic, i));
        }
        awaitMembers(INSTANCES * THREADS_PER_INSTANCE);
        Process survivor = instances.get(0);
        Process victim = instances.get(1);
        AtomicReference<CompletableFuture<Long>> detected = new AtomicReference<>();
        return RecoveryRun.measure(s, topic, survivor::isAlive, () -> {
            long now = System.nanoTime();
            victim.destroyForcibly();
            victim.waitFor();
            detected.set(CompletableFuture.supplyAsync(() -> awaitMembers(THREADS_PER_INSTANCE)));
            return now;
        }, killNs -> List.of(new Measurement.Metric("detection_ms", "ms", (detected.get().join() - killNs) / 1e6)));
    }

    private Process start(VariantSettings s, String topic, int instance) throws Exception {
        Path stateDir = Files.createTempDirectory("jetway-bench-kstreams-");
        stateDirs.add(stateDir);
        return VariantLauncher.startChild(KafkaStreamsCountMain.class.getName(), List.of(s.bootstrap(), s.topic(),
                topic, applicationId, stateDir.toString(), Long.toString(s.snapshotIntervalMs())),
                applicationId + "-instance" + instance);
    }

    // Waits until the application's consumer group is stable with exactly this many members; returns the time.
    private long awaitMembers(int members) {
        long start = System.nanoTime();
        while (true) {
            try {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(applicationId)).all()
                        .get(30, TimeUnit.SECONDS).get(applicationId);
                if (group.groupState() == GroupState.STABLE && group.members().size() == members) {
                    return System.nanoTime();
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof GroupIdNotFoundException)) {     // not yet: no instance joined
                    throw new IllegalStateException("describing consumer group " + applicationId + " failed", e);
                }
            } catch (InterruptedException | TimeoutException e) {
                throw new IllegalStateException("describing consumer group " + applicationId + " failed", e);
            }
            if (System.nanoTime() - start > TIMEOUT_NS) {
                throw new IllegalStateException("consumer group " + applicationId + " not stable with " + members
                        + " members within " + TIMEOUT_NS / 1_000_000_000 + " s");
            }
            LockSupport.parkNanos(50_000_000);
        }
    }

    @Override
    public void close() throws Exception {
        for (Process p : instances) {
            p.destroyForcibly();
            p.waitFor();
        }
        if (admin != null) {
            admin.close();
        }
        if (output != null) {
            output.close();
        }
        if (bootstrap != null && applicationId != null) {
            ChangelogReader.deleteTopics(bootstrap,
                    List.of(applicationId + "-" + KafkaStreamsCountToKafkaVariant.STORE + "-changelog"));
        }
        for (Path dir : stateDirs) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
