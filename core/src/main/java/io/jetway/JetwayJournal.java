package io.jetway;

import com.hazelcast.cache.EventJournalCacheEvent;
import com.hazelcast.function.FunctionEx;
import com.hazelcast.function.PredicateEx;
import com.hazelcast.function.SupplierEx;
import com.hazelcast.jet.core.EventTimePolicy;
import com.hazelcast.jet.core.ProcessorMetaSupplier;
import com.hazelcast.jet.core.processor.SourceProcessors;
import com.hazelcast.jet.pipeline.JournalInitialPosition;
import com.hazelcast.jet.pipeline.Sink;
import com.hazelcast.jet.pipeline.Sources;
import com.hazelcast.jet.pipeline.StreamSource;
import com.hazelcast.map.EventJournalMapEvent;
import io.jetway.internal.journal.CacheChangeEncoder;
import io.jetway.internal.journal.MapChangeEncoder;
import io.jetway.spi.codec.RecordEncoder;

import static java.util.Objects.requireNonNull;

/**
 * The changes of an {@code IMap} or {@code ICache} to a Kafka topic, exactly-once: Jet's event-journal source
 * keeps its journal offsets in the job's snapshots and {@link JetwaySinks#kafka} commits the records of each
 * snapshot epoch in a Kafka transaction, so after a member failure the restored job reads the journal from
 * the snapshot's offsets and the aborted epoch's records are never seen by {@code read_committed} readers.
 * Each change becomes a record keyed by the entry key whose value is the new value, or a tombstone when the
 * entry was removed (also evicted or expired), so a compacted topic mirrors the structure.
 * <p>
 * The map or cache needs its event journal enabled ({@code EventJournalConfig}); a journal whose capacity is
 * overrun before the job reads it fails the job (Jet's journal source), it does not skip changes.
 * <p>
 * Pipeline:
 * <pre>{@code
 * pipeline.readFrom(JetwayJournal.<String, String>mapChanges("accounts", START_FROM_OLDEST)).withoutTimestamps()
 *         .writeTo(JetwayJournal.mapChangesToKafka(KafkaSinkConfig.builder(servers).topic("accounts").build(),
 *                 Utf8StringEncoder::new, Utf8StringEncoder::new));
 * }</pre>
 * DAG: a vertex of {@link #mapChangesP}, an edge partitioned by {@code EventJournalMapEvent::getKey} (so that
 * the changes of a key stay in order), and a vertex of {@code JetwaySinks.kafkaP(config, mapChangeEncoder(...))}.
 */
public final class JetwayJournal {

    private JetwayJournal() {
    }

    /** Every change of the map's entries (added, updated, removed, evicted, expired, ...), in journal order per key. */
    public static <K, V> StreamSource<EventJournalMapEvent<K, V>> mapChanges(String mapName,
                                                                             JournalInitialPosition initialPosition) {
        requireNonNull(mapName, "mapName cannot be null");
        requireNonNull(initialPosition, "initialPosition cannot be null");
        return Sources.mapJournal(mapName, initialPosition, FunctionEx.identity(), PredicateEx.alwaysTrue());
    }

    /** DAG form of {@link #mapChanges}. */
    public static <K, V> ProcessorMetaSupplier mapChangesP(String mapName, JournalInitialPosition initialPosition) {
        requireNonNull(mapName, "mapName cannot be null");
        requireNonNull(initialPosition, "initialPosition cannot be null");
        return SourceProcessors.<EventJournalMapEvent<K, V>, K, V>streamMapP(mapName,
                PredicateEx.alwaysTrue(), FunctionEx.identity(), initialPosition, EventTimePolicy.noEventTime());
    }

    /** Every change of the cache's entries, in journal order per key. */
    public static <K, V> StreamSource<EventJournalCacheEvent<K, V>> cacheChanges(
            String cacheName, JournalInitialPosition initialPosition) {
        requireNonNull(cacheName, "cacheName cannot be null");
        requireNonNull(initialPosition, "initialPosition cannot be null");
        return Sources.cacheJournal(cacheName, initialPosition, FunctionEx.identity(), PredicateEx.alwaysTrue());
    }

    /** DAG form of {@link #cacheChanges}. */
    public static <K, V> ProcessorMetaSupplier cacheChangesP(String cacheName, JournalInitialPosition initialPosition) {
        requireNonNull(cacheName, "cacheName cannot be null");
        requireNonNull(initialPosition, "initialPosition cannot be null");
        return SourceProcessors.<EventJournalCacheEvent<K, V>, K, V>streamCacheP(
                cacheName, PredicateEx.alwaysTrue(), FunctionEx.identity(), initialPosition,
                EventTimePolicy.noEventTime());
    }

    /**
     * Encodes a map change: the record key from {@code keys}' {@code encodeKey(key)}, the value from
     * {@code values}' {@code encodeValue(newValue)}, a tombstone for a removal.
     */
    public static <K, V> SupplierEx<RecordEncoder<EventJournalMapEvent<K, V>>> mapChangeEncoder(
            SupplierEx<? extends RecordEncoder<? super K>> keys, SupplierEx<? extends RecordEncoder<? super V>> values) {
        requireNonNull(keys, "keys cannot be null");
        requireNonNull(values, "values cannot be null");
        return () -> new MapChangeEncoder<>(keys.get(), values.get());
    }

    /** {@link #mapChangeEncoder} for cache changes. */
    public static <K, V> SupplierEx<RecordEncoder<EventJournalCacheEvent<K, V>>> cacheChangeEncoder(
            SupplierEx<? extends RecordEncoder<? super K>> keys, SupplierEx<? extends RecordEncoder<? super V>> values) {
        requireNonNull(keys, "keys cannot be null");
        requireNonNull(values, "values cannot be null");
        return () -> new CacheChangeEncoder<>(keys.get(), values.get());
    }

    /** The Kafka sink for {@link #mapChanges}: the changes of each key through one sink processor, in order. */
    public static <K, V> Sink<EventJournalMapEvent<K, V>> mapChangesToKafka(
            KafkaSinkConfig config, SupplierEx<? extends RecordEncoder<? super K>> keys,
            SupplierEx<? extends RecordEncoder<? super V>> values) {
        return JetwaySinks.kafkaOrderedByKey(config, EventJournalMapEvent::getKey, mapChangeEncoder(keys, values));
    }

    /** The Kafka sink for {@link #cacheChanges}: the changes of each key through one sink processor, in order. */
    public static <K, V> Sink<EventJournalCacheEvent<K, V>> cacheChangesToKafka(
            KafkaSinkConfig config, SupplierEx<? extends RecordEncoder<? super K>> keys,
            SupplierEx<? extends RecordEncoder<? super V>> values) {
        return JetwaySinks.kafkaOrderedByKey(config, EventJournalCacheEvent::getKey,
                cacheChangeEncoder(keys, values));
    }
}
