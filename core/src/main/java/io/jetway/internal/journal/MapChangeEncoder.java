package io.jetway.internal.journal;

import com.hazelcast.core.EntryEventType;
import com.hazelcast.map.EventJournalMapEvent;
import io.jetway.spi.codec.RecordEncoder;

/** {@link ChangeRecordEncoder} of {@code IMap} journal events: removed, evicted and expired entries are tombstones. */
public final class MapChangeEncoder<K, V> extends ChangeRecordEncoder<EventJournalMapEvent<K, V>, K, V> {

    public MapChangeEncoder(RecordEncoder<? super K> keys, RecordEncoder<? super V> values) {
        super(keys, values);
    }

    @Override
    protected K keyOf(EventJournalMapEvent<K, V> event) {
        return event.getKey();
    }

    @Override
    protected V valueAfter(EventJournalMapEvent<K, V> event) {
        EntryEventType type = event.getType();
        boolean removed = type == EntryEventType.REMOVED || type == EntryEventType.EVICTED
                || type == EntryEventType.EXPIRED;
        return removed ? null : event.getNewValue();
    }
}
