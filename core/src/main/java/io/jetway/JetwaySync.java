package io.jetway;

import com.hazelcast.function.BiFunctionEx;
import com.hazelcast.function.FunctionEx;
import com.hazelcast.jet.core.ProcessorMetaSupplier;
import com.hazelcast.jet.pipeline.Sink;
import com.hazelcast.jet.pipeline.Sinks;
import io.jetway.internal.sync.CacheSyncSinkP;
import io.jetway.internal.sync.MapSyncSinkP;
import io.jetway.internal.sync.XaSyncSinkP;

import static java.util.Objects.requireNonNull;

/**
 * Sinks that keep Hazelcast data structures in sync with a stream, typically a Kafka topic read with
 * {@link JetwaySources#kafka}: upserts into an {@code IMap} (a {@code null} value removes the key, so a
 * Kafka tombstone deletes the entry), merges into the current value, offers into an {@code IQueue},
 * upserts into an {@code ICache}.
 * <p>
 * <b>Routing.</b> Each key must reach one sink processor only, or two transactions would wait on each
 * other's key locks: the Pipeline sinks here partition their input by key; in a DAG, connect the map and
 * cache vertices with {@code Edge.partitioned(keyFn).distributed()}.
 * <p>
 * <b>Guarantees</b> with {@code EXACTLY_ONCE}, across member failures:
 * <ul>
 *     <li>IMap: each epoch's newest value per key is saved in Jet's snapshot (phase 1) and written to the map
 *     in phase 2 or, after a failure, by the restore; the writes are final values, so merges that are not
 *     idempotent stay exact. The map shows an epoch's changes when its snapshot completes. The buffered
 *     keys are bounded by the job's {@code maxProcessorAccumulatedRecords} (the job fails beyond it).
 *     Under {@code AT_LEAST_ONCE} and {@code NONE} the IMap sinks write as items arrive instead.</li>
 *     <li>IQueue: offers in Hazelcast XA transactions prepared in phase 1 and committed in phase 2; the sink
 *     waits between the two phases.</li>
 *     <li>ICache: JCache has no transactions, so writes are at-least-once; upserts and removals replay in
 *     order, so the cache still ends exact.</li>
 * </ul>
 */
public final class JetwaySync {

    private JetwaySync() {
    }

    /** IMap upsert: {@code key -> value}; a {@code null} value deletes the key. */
    public static <T, K, V> Sink<T> map(String mapName, FunctionEx<? super T, ? extends K> keyFn,
                                        FunctionEx<? super T, ? extends V> valueFn) {
        return Sinks.fromProcessor("jetway-sync-map(" + mapName + ")", mapP(mapName, keyFn, valueFn), keyFn);
    }

    /** DAG form of {@link #map}. */
    public static <T, K, V> ProcessorMetaSupplier mapP(String mapName, FunctionEx<? super T, ? extends K> keyFn,
                                                       FunctionEx<? super T, ? extends V> valueFn) {
        requireNonNull(mapName, "mapName cannot be null");
        requireNonNull(keyFn, "keyFn cannot be null");
        requireNonNull(valueFn, "valueFn cannot be null");
        return ProcessorMetaSupplier.of(() -> new MapSyncSinkP<T, K, V>(mapName, keyFn,
                (current, item) -> valueFn.apply(item), false));
    }

    /**
     * IMap merge: the new value is {@code mergeFn(current value or null, item)}; {@code null} deletes the key.
     * Not idempotent merges (sums, counters) stay exact: each item is merged once, in the transaction.
     */
    public static <T, K, V> Sink<T> mergeIntoMap(String mapName, FunctionEx<? super T, ? extends K> keyFn,
                                                 BiFunctionEx<? super V, ? super T, ? extends V> mergeFn) {
        return Sinks.fromProcessor("jetway-sync-merge(" + mapName + ")", mergeIntoMapP(mapName, keyFn, mergeFn), keyFn);
    }

    /** DAG form of {@link #mergeIntoMap}. */
    public static <T, K, V> ProcessorMetaSupplier mergeIntoMapP(String mapName, FunctionEx<? super T, ? extends K> keyFn,
                                                                BiFunctionEx<? super V, ? super T, ? extends V> mergeFn) {
        requireNonNull(mapName, "mapName cannot be null");
        requireNonNull(keyFn, "keyFn cannot be null");
        requireNonNull(mergeFn, "mergeFn cannot be null");
        return ProcessorMetaSupplier.of(() -> new MapSyncSinkP<T, K, V>(mapName, keyFn, mergeFn, true));
    }

    /** IQueue: offers {@code valueFn(item)}. */
    public static <T, V> Sink<T> queue(String queueName, FunctionEx<? super T, ? extends V> valueFn) {
        return Sinks.fromProcessor("jetway-sync-queue(" + queueName + ")", queueP(queueName, valueFn));
    }

    /** DAG form of {@link #queue}. */
    public static <T, V> ProcessorMetaSupplier queueP(String queueName, FunctionEx<? super T, ? extends V> valueFn) {
        requireNonNull(queueName, "queueName cannot be null");
        requireNonNull(valueFn, "valueFn cannot be null");
        return ProcessorMetaSupplier.of(() -> new XaSyncSinkP<T>((tx, item) -> {
            if (!tx.<V>getQueue(queueName).offer(valueFn.apply(item))) {
                throw new IllegalStateException("Queue '" + queueName + "' is full");
            }
        }));
    }

    /** ICache upsert (at-least-once writes, exact final state); a {@code null} value removes the key. */
    public static <T, K, V> Sink<T> cache(String cacheName, FunctionEx<? super T, ? extends K> keyFn,
                                          FunctionEx<? super T, ? extends V> valueFn) {
        return Sinks.fromProcessor("jetway-sync-cache(" + cacheName + ")", cacheP(cacheName, keyFn, valueFn), keyFn);
    }

    /** DAG form of {@link #cache}. */
    public static <T, K, V> ProcessorMetaSupplier cacheP(String cacheName, FunctionEx<? super T, ? extends K> keyFn,
                                                         FunctionEx<? super T, ? extends V> valueFn) {
        requireNonNull(cacheName, "cacheName cannot be null");
        requireNonNull(keyFn, "keyFn cannot be null");
        requireNonNull(valueFn, "valueFn cannot be null");
        return ProcessorMetaSupplier.of(() -> new CacheSyncSinkP<>(cacheName, keyFn, valueFn));
    }
}
