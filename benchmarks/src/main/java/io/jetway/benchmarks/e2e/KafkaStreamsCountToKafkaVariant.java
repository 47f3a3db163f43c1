package io.jetway.benchmarks.e2e;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * {@code kstreams-count-eos-kafka[-cached]}: Kafka Streams {@code groupByKey().count().toStream().to(output)} with
 * {@code exactly_once_v2}, an in-memory store with its changelog, the commit interval equal to Jetway's snapshot
 * interval, 2 stream threads; the counts written as {@link CountEncoder} writes them (the input's key bytes,
 * the count as 8 big-endian bytes). With {@code statestore.cache.max.bytes=0} every update goes out; with the
 * default record cache ({@code -cached}) each changed key's newest count per commit. Each pass a new
 * application id and output topic; timed from {@code start()} until a {@code read_committed} reader has every
 * key's final count ({@link CountOutput}), as Jetway's and Flink's counts with an output are.
 */
final class KafkaStreamsCountToKafkaVariant implements Variant {

    /** The count store's name; its changelog is {@code <application id>-counts-changelog}. */
    static final String STORE = "counts";

    private final boolean cached;
    private final List<String> changelogs = new ArrayList<>();
    private final List<Path> stateDirs = new ArrayList<>();
    private CountOutput output;
    private String bootstrap;
    private int pass;

    /** @param cached the default record cache (newest per commit) instead of none (every update) */
    KafkaStreamsCountToKafkaVariant(boolean cached) {
        this.cached = cached;
    }

    @Override
    public Measurement run(VariantSettings s) throws Exception {
        bootstrap = s.bootstrap();
        output = new CountOutput(s.bootstrap());
        return Passes.measureWholePass(s, () -> count(s));
    }

    private Measurement count(VariantSettings s) throws Exception {
        String applicationId = s.variant() + "-" + System.currentTimeMillis() + "-" + pass++;
        changelogs.add(changelog(applicationId));
        String topic = output.newTopic(applicationId);
        try (KafkaStreams streams = new KafkaStreams(topology(s.topic(), topic), properties(s, applicationId))) {
            long startNs = System.nanoTime();
            streams.start();
            try {
                return CountOutput.awaitFinalCounts(s, topic, startNs, () -> alive(streams.state()), List.of());
            } finally {
                streams.close(Duration.ofSeconds(60));
            }
        }
    }

    /**
     * {@code input} → {@code groupByKey().count()} in an in-memory store {@value #STORE} (changelog
     * {@code <application id>-counts-changelog}) → every count to {@code output} as {@link CountEncoder} writes it.
     */
    static Topology topology(String input, String output) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
               .groupByKey()
               .count(Materialized.<byte[], Long>as(Stores.inMemoryKeyValueStore(STORE))
                                  .withKeySerde(Serdes.ByteArray()).withValueSerde(Serdes.Long()))
               .toStream()
               .to(output, Produced.with(Serdes.ByteArray(), Serdes.Long()));
        return builder.build();
    }

    /** The changelog topic of the count's store in the application {@code applicationId}. */
    static String changelog(String applicationId) {
        return applicationId + "-" + STORE + "-changelog";
    }

    /** Whether an instance in {@code state} is starting or running: not failing, closing or closed. */
    static boolean alive(KafkaStreams.State state) {
        return state != KafkaStreams.State.ERROR && state != KafkaStreams.State.PENDING_ERROR
                && state != KafkaStreams.State.NOT_RUNNING && state != KafkaStreams.State.PENDING_SHUTDOWN;
    }

    private Properties properties(VariantSettings s, String applicationId) throws Exception {
        Path stateDir = Files.createTempDirectory("jetway-bench-kstreams-");
        stateDirs.add(stateDir);
        Properties p = KafkaStreamsSettings.exactlyOnce(s, applicationId, stateDir);
        if (!cached) {
            p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0L);
        }
        return p;
    }

    @Override
    public void close() throws Exception {
        if (output != null) {
            output.close();
        }
        if (bootstrap != null) {
            ChangelogReader.deleteTopics(bootstrap, changelogs);
        }
        for (Path dir : stateDirs) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
