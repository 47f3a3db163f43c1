package io.jetway.benchmarks.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;

/**
 * One recovery measurement, the same for every engine: with the count already running, a
 * {@link FixedRateProducer} writes {@code latencyRate} events/s for {@code warmupSeconds + latencySeconds} into
 * the variant's input topic while a {@link RecoveryFollower} reads the output. The variant's {@link Kill} (a
 * {@code kill -9}) runs once {@code warmupSeconds} have passed since the first event and the count is in a steady
 * state: in every output partition the newest record's input event was due at most {@link #STEADY_LAG_NS} before,
 * continuously for
 * {@code warmupSeconds / 2} (a loaded machine can take longer than the warm-up to open a job and work off what
 * came meanwhile); once every key
 * has its final count the figures are computed ({@link RecoveryFigures}, pre-failure window = the
 * {@code warmupSeconds / 2} before the kill). At least {@code latencySeconds / 2} of input must be left to send
 * after the kill.
 */
final class RecoveryRun {

    /** Heartbeat interval of every engine's failure detection: Hazelcast's heartbeats, Kafka's consumer group. */
    static final int HEARTBEAT_INTERVAL_SECONDS = 1;
    /** Silence after which a member or group member is declared dead: Hazelcast and Kafka's session timeout. */
    static final int FAILURE_TIMEOUT_SECONDS = 5;

    /** Kills part of the running count; returns {@code System.nanoTime()} right before the signal. */
    @FunctionalInterface
    interface Kill {
        long kill() throws Exception;
    }

    /** The lag of each output partition's newest record at which the count is taken to keep up with the input. */
    static final long STEADY_LAG_NS = TimeUnit.MILLISECONDS.toNanos(5000);

    private static final long REPORT_NS = TimeUnit.SECONDS.toNanos(5);

    private RecoveryRun() {
    }

    /**
     * Runs the load, the kill and the reader; returns the measurement with records = the sum of the final
     * counts and checksum {@link Check#KEY_COUNTS}, the figures and {@code extra} (asked after the run, given the
     * kill's time).
     */
    static Measurement measure(VariantSettings s, String output, BooleanSupplier countAlive, Kill kill,
                               LongFunction<List<Measurement.Metric>> extra) throws Exception {
        long total = (long) s.latencyRate() * (s.warmupSeconds() + s.latencySeconds());
        FixedRateProducer producer = new FixedRateProducer(s.bootstrap(), s.topic(), total, s.keys(), s.valueBytes(),
                s.latencyRate());
        RecoveryFollower follower = new RecoveryFollower(s.bootstrap(), output, total, s.keys(), countAlive);
        follower.start();
        CompletableFuture<Long> sending = CompletableFuture.supplyAsync(producer::run);
        while (producer.startNanos() == 0 && !sending.isDone()) {
            LockSupport.parkNanos(1_000_000);
        }
        long steadyNs = TimeUnit.SECONDS.toNanos(s.warmupSeconds()) / 2;
        long killAt = producer.startNanos() + TimeUnit.SECONDS.toNanos(s.warmupSeconds());
        long steadySince = 0;
        long lastReportNs = System.nanoTime();
        long minLeftNs = TimeUnit.SECONDS.toNanos(s.latencySeconds()) / 2;
        while (!sending.isDone() && countAlive.getAsBoolean()) {
            long now = System.nanoTime();
            long seq = follower.slowestPartitionSeq();
            // steady: every output partition's newest record is at most STEADY_LAG behind the input, for steadyNs
            boolean close = seq >= 0 && now - producer.intendedNanos(seq) <= STEADY_LAG_NS;
            steadySince = !close ? 0 : steadySince == 0 ? now : steadySince;
            if (now - lastReportNs > REPORT_NS) {
                lastReportNs = now;
                System.err.printf(Locale.ROOT, "%s: %.0f s after the first event, the slowest output partition is %s%n",
                        s.variant(), (now - producer.startNanos()) / 1e9, seq < 0 ? "none yet"
                                : String.format(Locale.ROOT, "%.1f s behind", (now - producer.intendedNanos(seq)) / 1e9));
            }
            if (now - killAt >= 0 && steadySince != 0 && now - steadySince >= steadyNs
                    || producer.intendedNanos(total) - now < minLeftNs) {
                break;
            }
            LockSupport.parkNanos(10_000_000);
        }
        if (producer.intendedNanos(total) - System.nanoTime() < minLeftNs) {
            throw new IllegalStateException(s.variant() + ": the count did not reach a steady state (output at most "
                    + STEADY_LAG_NS / 1_000_000 + " ms behind the input for " + steadyNs / 1_000_000 + " ms) with "
                    + "half of --latency-seconds of input left; first output " + (follower.firstArrivalNs() == 0
                    ? "never" : (follower.firstArrivalNs() - producer.startNanos()) / 1_000_000 + " ms after the "
                    + "first event"));
        }
        if (!countAlive.getAsBoolean()) {
            throw new IllegalStateException(s.variant() + ": the count failed before the kill");
        }
        long killNs = kill.kill();
        System.err.printf(Locale.ROOT, "%s: killed %.1f s after the first event%n", s.variant(),
                (killNs - producer.startNanos()) / 1e9);
        long sendNanos = sending.get(s.warmupSeconds() + s.latencySeconds() + 300L, TimeUnit.SECONDS);
        RecoveryFollower.Output out = follower.await();
        List<Measurement.Metric> metrics = new ArrayList<>(RecoveryFigures.of(out, producer::intendedNanos, killNs,
                producer.firstSeqAtOrAfter(killNs), killNs - steadyNs));
        metrics.add(new Measurement.Metric("offered_rate", "records/s", (total - 1) * 1e9 / sendNanos));
        metrics.addAll(extra.apply(killNs));
        metrics.add(new Measurement.Metric("heartbeat_interval_s", "s", HEARTBEAT_INTERVAL_SECONDS));
        metrics.add(new Measurement.Metric("failure_timeout_s", "s", FAILURE_TIMEOUT_SECONDS));
        StringBuilder line = new StringBuilder(s.variant()).append(':');
        for (Measurement.Metric m : metrics) {
            line.append(String.format(Locale.ROOT, " %s=%.1f", m.name(), m.value()));
        }
        System.err.println(line);
        return new Measurement(s.variant(), out.finalSum(), out.checksum(), metrics);
    }
}
