package io.jetway.internal.journal;

import com.hazelcast.cache.CacheEventType;
import com.hazelcast.cache.EventJournalCacheEvent;
import io.jetway.spi.codec.RecordEncoder;

/**
 * {@link ChangeRecordEncoder} of {@code ICache} journal events: removed, evicted, expired and invalidated
 * entries are tombstones.
 */
public final class CacheChangeEncoder<K, V> extends ChangeRecordEncoder<EventJournalCacheEvent<K, V>, K, V> {

    public CacheChangeEncoder(RecordEncoder<? super K> keys, RecordEncoder<? super V> values) {
        super(keys, values);
    }

    @Override
    protected K keyOf(EventJournalCacheEvent<K, V> event) {
        return event.getKey();
    }

    @Override
    protected V valueAfter(EventJournalCacheEvent<K, V> event) {
        CacheEventType type = event.getType();
        boolean removed = type == CacheEventType.REMOVED || type == CacheEventType.EVICTED
                || type == CacheEventType.EXPIRED || type == CacheEventType.INVALIDATED;
        return removed ? null : event.getNewValue();
    }
}
