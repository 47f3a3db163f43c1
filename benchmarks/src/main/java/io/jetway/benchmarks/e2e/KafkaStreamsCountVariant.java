package io.jetway.benchmarks.e2e;

import io.jetway.benchmarks.proto.Event;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.Stores;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * The peer for changelog-backed state: Kafka Streams {@code groupByKey().count()} over the same input, with
 * {@code processing.guarantee=exactly_once_v2}, an in-memory store with its changelog, the commit interval
 * equal to our snapshot interval, 2 stream threads and its default record cache. The throughput is counted
 * the way ours is: records through the topology (a {@code peek} before the count), commits included, from
 * the end of the warm-up time to the last record ({@link Passes#warmUpWithinPass}); there is no output
 * topic, as our count jobs write none either (their per-event counts stay in the JVM). Every pass verifies
 * the final counts through an interactive query. After the measured pass its restore is measured: a new
 * instance with the same application id restores the in-memory store from the changelog (timed with
 * a {@link StateRestoreListener}), twice, the second measured (once without warm-up); then a bare
 * consumer reads that changelog.
 */
final class KafkaStreamsCountVariant implements Variant {

    private static final String STORE = "counts";
    private static final Duration TIMEOUT = Duration.ofMinutes(15);

    // peek() counters: one run at a time in this JVM
    private static final AtomicLong PROCESSED = new AtomicLong();
    private static final AtomicLong FIRST_NS = new AtomicLong();
    private static final AtomicLong LAST_NS = new AtomicLong();

    private final List<String> topics = new ArrayList<>();
    private final List<Path> stateDirs = new ArrayList<>();
    private String bootstrap;
    private String lastApplicationId;
    private int pass;

    @Override
    public Measurement run(VariantSettings s) throws Exception {
        bootstrap = s.bootstrap();
        Measurement m = Passes.warmUpWithinPass(s, from -> count(s, from));
        List<Measurement.Metric> metrics = new ArrayList<>(m.metrics());
        if (s.warmupSeconds() > 0) {
            restore(s, lastApplicationId);
        }
        RestoreProbe.Restore restore = restore(s, lastApplicationId);
        String changelog = lastApplicationId + "-" + STORE + "-changelog";
        if (s.warmupSeconds() > 0) {
            ChangelogReader.readAll(s.bootstrap(), changelog);
        }
        RestoreProbe.Restore read = ChangelogReader.readAll(s.bootstrap(), changelog);
        System.err.println(s.variant() + ": restore " + restore + ", bare read of " + changelog + " " + read);
        if (read.records() != restore.records()) {
            throw new IllegalStateException("Kafka Streams restored " + restore.records() + " records but a bare "
                    + "consumer read " + read.records() + " from " + changelog);
        }
        metrics.add(new Measurement.Metric("restore_ms", "ms", restore.millis()));
        metrics.add(new Measurement.Metric("restore_rate", "records/s", restore.rate()));
        metrics.add(new Measurement.Metric("restore_records", "records", restore.records()));
        metrics.add(new Measurement.Metric("changelog_read_rate", "records/s", read.rate()));
        return new Measurement(m.variant(), m.records(), m.checksum(), metrics);
    }

    private Measurement count(VariantSettings s, long measureFromNs) throws Exception {
        String applicationId = "kstreams-count-" + System.currentTimeMillis() + "-" + pass++;
        lastApplicationId = applicationId;
        topics.add(applicationId + "-" + STORE + "-changelog");
        PROCESSED.set(0);
        FIRST_NS.set(0);
        LAST_NS.set(0);
        StreamsBuilder builder = new StreamsBuilder();
        Serde<Event> events = Serdes.serdeFrom((topic, e) -> e.toByteArray(), (topic, bytes) -> parse(bytes));
        builder.stream(s.topic(), Consumed.with(Serdes.ByteArray(), events))
               .peek((key, value) -> {
                   long now = System.nanoTime();
                   FIRST_NS.compareAndSet(0, now);
                   LAST_NS.set(now);          // stream threads race here; the last writer is close enough
                   PROCESSED.incrementAndGet();
               })
               .groupByKey(Grouped.with(Serdes.ByteArray(), events))
               .count(Materialized.<byte[], Long>as(Stores.inMemoryKeyValueStore(STORE))
                                  .withKeySerde(Serdes.ByteArray()).withValueSerde(Serdes.Long()));
        try (KafkaStreams streams = new KafkaStreams(builder.build(), properties(s, applicationId));
             RateWindow window = new RateWindow(PROCESSED::get, measureFromNs)) {
            streams.start();
            await(() -> PROCESSED.get() >= s.records(), "all " + s.records() + " records through peek()");
            double rate = window.rate(PROCESSED.get(), FIRST_NS.get(), LAST_NS.get());
            await(() -> streams.state() == KafkaStreams.State.RUNNING, "Kafka Streams RUNNING");
            long[] sums = new long[2];
            await(() -> {
                sums[0] = 0;
                sums[1] = 0;
                ReadOnlyKeyValueStore<byte[], Long> store = streams.store(
                        StoreQueryParameters.fromNameAndType(STORE, QueryableStoreTypes.keyValueStore()));
                try (KeyValueIterator<byte[], Long> all = store.all()) {
                    while (all.hasNext()) {
                        KeyValue<byte[], Long> kv = all.next();
                        sums[0] += kv.value;
                        sums[1] += kv.value * (kv.value + 1) / 2;
                    }
                }
                return sums[0] >= s.records();
            }, "the counts in the store to add up to " + s.records());
            close(streams);
            return rate < 0 ? null : Measurement.of(s.variant(), sums[0], sums[1], "throughput", "records/s", rate);
        }
    }

    private RestoreProbe.Restore restore(VariantSettings s, String applicationId) throws Exception {
        AtomicLong restored = new AtomicLong();
        AtomicLong firstStartNs = new AtomicLong();
        AtomicLong lastEndNs = new AtomicLong();
        ConcurrentHashMap<TopicPartition, Boolean> ended = new ConcurrentHashMap<>();
        ConcurrentHashMap<TopicPartition, Boolean> started = new ConcurrentHashMap<>();
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(s.topic(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
               .groupByKey()
               .count(Materialized.<byte[], Long>as(Stores.inMemoryKeyValueStore(STORE))
                                  .withKeySerde(Serdes.ByteArray()).withValueSerde(Serdes.Long()));
        try (KafkaStreams streams = new KafkaStreams(builder.build(), properties(s, applicationId))) {
            streams.setGlobalStateRestoreListener(new StateRestoreListener() {
                @Override
                public void onRestoreStart(TopicPartition tp, String store, long startOffset, long endOffset) {
                    firstStartNs.compareAndSet(0, System.nanoTime());
                    started.put(tp, true);
                }

                @Override
                public void onBatchRestored(TopicPartition tp, String store, long batchEndOffset, long numRestored) {
                }

                @Override
                public void onRestoreEnd(TopicPartition tp, String store, long totalRestored) {
                    restored.addAndGet(totalRestored);
                    lastEndNs.accumulateAndGet(System.nanoTime(), Math::max);
                    ended.put(tp, true);
                }
            });
            streams.start();
            await(() -> streams.state() == KafkaStreams.State.RUNNING && !started.isEmpty()
                    && ended.keySet().containsAll(started.keySet()), "Kafka Streams restored and RUNNING");
            close(streams);
        }
        return new RestoreProbe.Restore(TimeUnit.NANOSECONDS.toMillis(lastEndNs.get() - firstStartNs.get()),
                restored.get());
    }

    // Kafka Streams does not leave the group on a plain close(): the next instance of the same application
    // would wait for the old member's session timeout (45 s) before it gets its tasks. The top-level
    // CloseOptions is Kafka Streams 4.2+; KafkaStreams.CloseOptions (deprecated since) works on every 4.x.
    @SuppressWarnings("deprecation")
    private static void close(KafkaStreams streams) {
        streams.close(new KafkaStreams.CloseOptions().timeout(Duration.ofSeconds(60)).leaveGroup(true));
    }

    private Properties properties(VariantSettings s, String applicationId) throws Exception {
        Path stateDir = Files.createTempDirectory("jetway-bench-kstreams-");
        stateDirs.add(stateDir);
        Properties p = KafkaStreamsSettings.exactlyOnce(s, applicationId, stateDir);
        return p;
    }

    private static Event parse(byte[] bytes) {
        try {
            return Event.parseFrom(bytes);
        } catch (Exception e) {
            throw new IllegalStateException("cannot parse an Event", e);
        }
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(Condition condition, String what) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("timed out after " + TIMEOUT + " waiting for " + what);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    @Override
    public void close() {
        if (bootstrap != null && !topics.isEmpty()) {
            ChangelogReader.deleteTopics(bootstrap, topics);
        }
        for (Path dir : stateDirs) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (Exception e) {
                System.err.println("Could not delete " + dir + ": " + e);
            }
        }
    }
}
