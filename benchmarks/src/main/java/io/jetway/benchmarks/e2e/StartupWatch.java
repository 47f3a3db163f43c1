package io.jetway.benchmarks.e2e;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The measuring side of the start-and-cancel variants, the same for every engine (Jetway and the stock
 * connector on Jet, Kafka Streams, Flink): a new output topic per pass ({@link #newOutput}), then
 * {@link #startAndCancel} times one pass of an exactly-once count writing every update to it:
 * <ul>
 *     <li>{@code first_output_ms}: from right before the start ({@code newJob}, {@code KafkaStreams.start()},
 *     Flink's job submission) until the first record is visible to a {@code read_committed} reader (the
 *     output's last stable offsets, sampled every 5 ms);</li>
 *     <li>{@code all_output_ms}: until all of them are;</li>
 *     <li>{@code cancel_ms}: from the cancel ({@code job.cancel()}, {@code KafkaStreams.close(Duration)}, Flink's
 *     {@code cancelJob}) until the job has ended, and {@code cancel_closed_ms} until, in addition, every Kafka
 *     client in the JVM is closed ({@link KafkaClientsWatch}).</li>
 * </ul>
 * The output (key = the count's key, value = the running count, 8 bytes) is then read back, its count and
 * checksum (the sum of every emitted count) reported for {@link Check#KEY_COUNTS}.
 */
final class StartupWatch implements AutoCloseable {

    /** Partitions of each output topic. */
    static final int OUTPUT_PARTITIONS = 4;
    /** The client id of this watch's own admin client and read-back consumer, which the client watch ignores. */
    static final String CLIENT_ID = "bench-startup-admin";
    private static final long SAMPLE_NS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long TIMEOUT_NS = TimeUnit.MINUTES.toNanos(5);

    /** A count being started: the engine's side of {@link #startAndCancel}. */
    interface Running {

        /** Whether it has ended: failed, cancelled or closed. */
        boolean ended() throws Exception;

        /** Its status, for the log and for failures. */
        String status() throws Exception;

        /** Starts its cancel, or does all of it (a method may block until it has ended). */
        void cancel() throws Exception;
    }

    /** Starts a count: {@code newJob}, {@code KafkaStreams.start()}, a Flink submission. */
    @FunctionalInterface
    interface Start {
        Running start() throws Exception;
    }

    /**
     * Prepares a count's start, untimed, once no other client is open: Kafka Streams creates its clients in
     * its constructor, timed from {@code start()}; Jet and Flink have nothing to prepare.
     */
    @FunctionalInterface
    interface Prepare {
        Start prepare() throws Exception;
    }

    private final VariantSettings settings;
    private final Admin admin;
    private final List<String> topics = new ArrayList<>();
    private final KafkaClientsWatch clients = new KafkaClientsWatch(CLIENT_ID);

    StartupWatch(VariantSettings settings) {
        this.settings = settings;
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap(),
                AdminClientConfig.CLIENT_ID_CONFIG, CLIENT_ID));
    }

    /** Creates {@code <name>-out} with {@link #OUTPUT_PARTITIONS} partitions, deleted on {@link #close}. */
    String newOutput(String name) throws Exception {
        String topic = name + "-out";
        admin.createTopics(List.of(new NewTopic(topic, OUTPUT_PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
        topics.add(topic);
        return topic;
    }

    /** Deletes {@code topic} (e.g. a changelog the count creates) on {@link #close} if it exists by then. */
    void deleteOnClose(String topic) {
        topics.add(topic);
    }

    /**
     * One pass: waits until no other Kafka client is open, prepares and starts the count, waits until all of the input's
     * counts are visible in {@code output}, cancels it and waits until it has ended and its clients are
     * closed; then reads the output back.
     */
    Measurement startAndCancel(String name, String output, Prepare prepare) throws Exception {
        clients.awaitNoneOpen("before " + name);
        Start start = prepare.prepare();
        System.err.println(java.time.LocalTime.now() + " " + name + ": starting");
        long startNs = System.nanoTime();
        Running running = start.start();
        long firstNs = 0;
        long allNs;
        try {
            while (true) {
                long visible = OutputReadBack.visibleRecords(admin, output, OUTPUT_PARTITIONS);
                long now = System.nanoTime();
                if (visible > 0 && firstNs == 0) {
                    firstNs = now;
                }
                if (visible >= settings.records()) {
                    allNs = now;
                    break;
                }
                if (running.ended() || now - startNs > TIMEOUT_NS) {
                    throw new IllegalStateException(name + ": " + visible + " of " + settings.records()
                            + " records visible in " + output + ", " + running.status());
                }
                LockSupport.parkNanos(SAMPLE_NS);
            }
        } catch (Exception e) {
            try {
                running.cancel();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        long cancelNs = System.nanoTime();
        running.cancel();
        while (!running.ended()) {
            if (System.nanoTime() - cancelNs > TIMEOUT_NS) {
                throw new IllegalStateException(name + " is still " + running.status() + " "
                        + TIMEOUT_NS / 1_000_000_000 + " s after its cancel");
            }
            LockSupport.parkNanos(SAMPLE_NS);
        }
        long endedNs = System.nanoTime();
        String status = running.status();
        clients.awaitNoneOpen(name + " cancelled");
        long closedNs = System.nanoTime();
        long[] countAndChecksum = OutputReadBack.countAndChecksum(settings.bootstrap(), CLIENT_ID, output,
                OUTPUT_PARTITIONS, value -> value.getLong(value.position()));
        System.err.printf(Locale.ROOT, "%s: first output %.0f ms, all %.0f ms, cancel %.0f ms (%s), clients closed "
                        + "%.0f ms%n", name, ms(firstNs - startNs), ms(allNs - startNs), ms(endedNs - cancelNs), status,
                ms(closedNs - cancelNs));
        List<Measurement.Metric> metrics = List.of(
                new Measurement.Metric("first_output_ms", "ms", ms(firstNs - startNs)),
                new Measurement.Metric("all_output_ms", "ms", ms(allNs - startNs)),
                new Measurement.Metric("cancel_ms", "ms", ms(endedNs - cancelNs)),
                new Measurement.Metric("cancel_closed_ms", "ms", ms(closedNs - cancelNs)));
        return new Measurement(settings.variant(), countAndChecksum[0], countAndChecksum[1], metrics);
    }

    private static double ms(long ns) {
        return ns / 1e6;
    }

    /** Deletes the topics of every pass and closes the admin client. */
    @Override
    public void close() throws Exception {
        try {
            List<String> existing = new ArrayList<>(topics);
            existing.retainAll(admin.listTopics().names().get(60, TimeUnit.SECONDS));
            admin.deleteTopics(existing).all().get(60, TimeUnit.SECONDS);
        } finally {
            admin.close();
        }
    }
}
