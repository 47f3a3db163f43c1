package io.jetway;

import com.hazelcast.function.BiFunctionEx;
import com.hazelcast.function.FunctionEx;
import com.hazelcast.jet.core.ProcessorMetaSupplier;
import com.hazelcast.jet.pipeline.Sink;
import com.hazelcast.jet.pipeline.Sinks;
import com.hazelcast.transaction.TransactionalMap;
import io.jetway.internal.sync.CacheSyncSinkP;
import io.jetway.internal.sync.TransactionalWrite;
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
 * <b>Guarantees.</b> The IMap and IQueue sinks write in Hazelcast XA transactions committed in Jet's
 * snapshot phase 2: with {@code EXACTLY_ONCE}, every record changes the map or enters the queue exactly
 * once, merges included, across member failures. The sink waits between the two snapshot phases (a
 * prepared transaction holds its keys' locks). The ICache sink has no transactions (JCache has none): it is
 * at-least-once, and since upserts and removals replay in order the cache still ends exact.
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
        TransactionalWrite<T> write = (tx, item) -> {
            TransactionalMap<K, V> map = tx.getMap(mapName);
            K key = keyFn.apply(item);
            V value = valueFn.apply(item);
            if (value == null) {
                map.delete(key);
            } else {
                map.set(key, value);
            }
        };
        return ProcessorMetaSupplier.of(() -> new XaSyncSinkP<>(write));
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
        TransactionalWrite<T> write = (tx, item) -> {
            TransactionalMap<K, V> map = tx.getMap(mapName);
            K key = keyFn.apply(item);
            V merged = mergeFn.apply(map.getForUpdate(key), item);
            if (merged == null) {
                map.delete(key);
            } else {
                map.set(key, merged);
            }
        };
        return ProcessorMetaSupplier.of(() -> new XaSyncSinkP<>(write));
    }

    /** IQueue: offers {@code valueFn(item)}. */
    public static <T, V> Sink<T> queue(String queueName, FunctionEx<? super T, ? extends V> valueFn) {
        return Sinks.fromProcessor("jetway-sync-queue(" + queueName + ")", queueP(queueName, valueFn));
    }

    /** DAG form of {@link #queue}. */
    public static <T, V> ProcessorMetaSupplier queueP(String queueName, FunctionEx<? super T, ? extends V> valueFn) {
        requireNonNull(queueName, "queueName cannot be null");
        requireNonNull(valueFn, "valueFn cannot be null");
        TransactionalWrite<T> write = (tx, item) -> {
            if (!tx.<V>getQueue(queueName).offer(valueFn.apply(item))) {
                throw new IllegalStateException("Queue '" + queueName + "' is full");
            }
        };
        return ProcessorMetaSupplier.of(() -> new XaSyncSinkP<>(write));
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
