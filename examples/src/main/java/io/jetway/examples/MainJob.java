package io.jetway.examples;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.aggregate.AggregateOperations;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.config.ProcessingGuarantee;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.Sinks;
import com.hazelcast.map.IMap;
import io.jetway.JetwaySources;
import io.jetway.KafkaSourceConfig;
import io.jetway.codec.RecordDecoders;
import io.jetway.testing.EmbeddedKafkaBroker;
import io.jetway.testing.HazelcastCluster;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * The README's main job, on embedded defaults: an in-process Kafka broker and a 2-member Hazelcast
 * cluster. It writes payment events to Kafka, counts them per event id with Jetway's source under
 * EXACTLY_ONCE, terminates a member mid-run, lets the job restore from its snapshot on the survivor, and
 * ends with a verdict computed from the output: every event counted exactly once.
 */
@Command(name = "jetway-main-job", mixinStandardHelpOptions = true,
        description = "Kafka -> Jetway source -> keyed count -> IMap, exactly once, with a member failure injected")
public final class MainJob implements Callable<Integer> {

    private static final String TOPIC = "payments";
    private static final int PARTITIONS = 4;

    @Option(names = "--events", description = "events to write, >= 1 (default: ${DEFAULT-VALUE})")
    int events = 200_000;

    @Option(names = "--no-failure", description = "do not terminate a member mid-run")
    boolean noFailure;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new MainJob()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        long startNs = System.nanoTime();
        new StartupChecks(spec).atLeast("--events", events, 1);
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start();
             HazelcastCluster cluster = HazelcastCluster.start(2)) {
            kafka.createTopic(TOPIC, PARTITIONS);
            say("Kafka broker at %s, Hazelcast cluster of %d members", kafka.bootstrapServers(), cluster.members().size());
            HazelcastInstance member = cluster.member(0);

            Pipeline pipeline = Pipeline.create();
            pipeline.readFrom(JetwaySources.kafka(KafkaSourceConfig.builder(kafka.bootstrapServers()).topics(TOPIC)
                                                                   .build(), RecordDecoders.utf8String()))
                    .withoutTimestamps()
                    .groupingKey(eventId -> eventId)
                    .rollingAggregate(AggregateOperations.counting())
                    .writeTo(Sinks.map("counts"));
            Job job = member.getJet().newJob(pipeline, new JobConfig().setName("payments-exactly-once")
                    .setProcessingGuarantee(ProcessingGuarantee.EXACTLY_ONCE).setSnapshotIntervalMillis(500));
            IMap<String, Long> counts = member.getMap("counts");

            int half = events / 2;
            produce(kafka.producerProps(), 0, half);
            say("wrote %,d events; waiting until half of them are counted", half);
            waitFor(job, () -> counts.size() >= half / 2, "half of the first batch counted");
            long recoveryMs = 0;
            if (!noFailure) {
                say("terminating member 2 while the job runs");
                long t0 = System.nanoTime();
                cluster.terminate(1);
                produce(kafka.producerProps(), half, events);
                waitFor(job, () -> counts.size() >= half, "the job to recover and finish the first batch");
                recoveryMs = (System.nanoTime() - t0) / 1_000_000;
            } else {
                produce(kafka.producerProps(), half, events);
            }
            waitFor(job, () -> counts.size() >= events, "all events counted");
            Map<String, Long> all = counts.getAll(counts.keySet());
            long lost = events - all.size();
            long duplicated = all.values().stream().filter(c -> c > 1).count();
            double seconds = (System.nanoTime() - startNs) / 1e9;
            say("events in: %,d; counted: %,d; lost: %d; counted more than once: %d", events, all.size(), lost,
                    duplicated);
            if (!noFailure) {
                say("recovery after the member failure: %,d ms", recoveryMs);
            }
            say("whole run: %.1f s", seconds);
            boolean exact = lost == 0 && duplicated == 0;
            say("VERDICT: %s", exact ? "EXACTLY ONCE" : "NOT EXACT");
            job.cancel();
            waitFor(null, () -> job.getStatus().isTerminal(), "the job to stop");
            return exact ? 0 : 1;
        }
    }

    private static void produce(Map<String, Object> props, int from, int to) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            for (int i = from; i < to; i++) {
                byte[] id = ("payment-" + i).getBytes(UTF_8);
                producer.send(new ProducerRecord<>(TOPIC, i % PARTITIONS, id, id));
            }
            producer.flush();
        }
    }

    /** Waits for {@code condition}; fails at once if {@code job} (when given) ended, after 3 minutes otherwise. */
    private static void waitFor(Job job, java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!condition.getAsBoolean()) {
            if (job != null && job.getStatus().isTerminal()) {
                job.join();   // throws the job's failure
                throw new IllegalStateException("The job ended " + job.getStatus() + " while waiting for " + what);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Timed out waiting for " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
        }
    }

    private static void say(String format, Object... args) {
        System.out.println("[jetway] " + String.format(Locale.ROOT, format, args));
    }
}
