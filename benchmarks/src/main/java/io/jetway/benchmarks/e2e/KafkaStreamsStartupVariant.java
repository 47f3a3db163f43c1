package io.jetway.benchmarks.e2e;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * {@code startup-kstreams-eos}: the start and cancel of {@link StartupVariant}, timed by the same
 * {@link StartupWatch}, for Kafka Streams: the count of {@link KafkaStreamsCountToKafkaVariant#topology}
 * ({@code groupByKey().count()}, in-memory store with its changelog, every update out: record cache off)
 * with {@link KafkaStreamsSettings} ({@code exactly_once_v2}, commit interval = the snapshot interval), one
 * instance with {@value #THREADS} stream threads, one per Jet member of the Jet variants (each thread, like
 * a member, has its own consumer and transactional producer; the 4 input partitions spread over them as
 * over the members). Each pass a new application id and output topic in a JVM that already ran one (the
 * warm-up); the instance is created (which creates its clients) untimed, {@code first_output_ms} is from
 * {@code KafkaStreams.start()}, the cancel is
 * {@code close(Duration)}: {@code cancel_ms} until it returns, {@code cancel_closed_ms} until, in addition,
 * the instance's clients (consumers, restore consumers, producers, admin) have left the JVM's MBeans.
 */
final class KafkaStreamsStartupVariant implements Variant {

    /** Stream threads of the instance: as many as the Jet variants have members. */
    static final int THREADS = 3;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);

    private StartupWatch watch;
    private Path stateDir;
    private Instance current;
    private int pass;

    @Override
    public Measurement run(VariantSettings s) throws Exception {
        watch = new StartupWatch(s);
        stateDir = Files.createTempDirectory("jetway-bench-kstreams-startup-");
        return Passes.warmUpThenMeasure(s, () -> startAndClose(s));
    }

    private Measurement startAndClose(VariantSettings s) throws Exception {
        String applicationId = s.variant() + "-" + System.currentTimeMillis() + "-" + pass++;
        String output = watch.newOutput(applicationId);
        watch.deleteOnClose(KafkaStreamsCountToKafkaVariant.changelog(applicationId));
        Properties p = KafkaStreamsSettings.exactlyOnce(s, applicationId, stateDir);
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0L);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, THREADS);
        try {
            return watch.startAndCancel(applicationId, output, () -> {
                current = new Instance(new KafkaStreams(KafkaStreamsCountToKafkaVariant.topology(s.topic(), output),
                        p), applicationId);
                return current;
            });
        } finally {
            if (current != null) {
                current.streams.close(CLOSE_TIMEOUT);    // after a failure; a no-op once closed
                current = null;
            }
        }
    }

    /** One pass's instance: created untimed, then started, watched and closed by {@link StartupWatch}. */
    private static final class Instance implements StartupWatch.Start, StartupWatch.Running {

        private final KafkaStreams streams;
        private final String applicationId;

        Instance(KafkaStreams streams, String applicationId) {
            this.streams = streams;
            this.applicationId = applicationId;
        }

        @Override
        public StartupWatch.Running start() {
            streams.start();
            return this;
        }

        @Override
        public boolean ended() {
            return !KafkaStreamsCountToKafkaVariant.alive(streams.state());
        }

        @Override
        public String status() {
            return "Kafka Streams " + streams.state();
        }

        @Override
        public void cancel() {
            if (!streams.close(CLOSE_TIMEOUT)) {
                throw new IllegalStateException(applicationId + " not closed within " + CLOSE_TIMEOUT);
            }
        }
    }

    @Override
    public void close() throws Exception {
        if (watch != null) {
            watch.close();
        }
        if (stateDir != null) {
            try (Stream<Path> paths = Files.walk(stateDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
