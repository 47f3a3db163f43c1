package io.jetway.state.changelog;

/**
 * The keys changed since the last {@link #flush}, per state partition, so that the changelog receives
 * each changed key's newest value once per snapshot epoch rather than every update (as Kafka Streams'
 * record cache does). A flush reads the current value of each changed key from its store's map and
 * sends it, or a tombstone when the key is gone; it runs in snapshot phase 1 before the writer flushes,
 * and whenever {@code maxKeys} keys are pending, which bounds the buffer's memory and phase 1's work.
 * <p>
 * The changed keys live off-heap in an {@link OffHeapBytesMap} per partition (key bytes, empty value),
 * so recording a change allocates nothing; a flush allocates the records it sends.
 * Not thread-safe: the processor thread records and flushes.
 */
final class WriteBehindBuffer implements ChangeRecorder, AutoCloseable {

    private static final byte[] NO_BYTES = new byte[0];

    private final ChangelogWriter writer;
    private final OffHeapBytesMap[] values;
    private final OffHeapBytesMap[] changed;
    private final int[] owned;
    private final long maxKeys;
    private long pending;

    /**
     * @param values  the stores' maps, indexed by state partition ({@code null} where not owned)
     * @param owned   the owned state partitions
     * @param maxKeys changed keys held before a flush, at least 1
     */
    WriteBehindBuffer(ChangelogWriter writer, OffHeapBytesMap[] values, int[] owned, OffHeapMemory memory,
                      long maxKeys) {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be at least 1: " + maxKeys);
        }
        this.writer = writer;
        this.values = values;
        this.owned = owned.clone();
        this.maxKeys = maxKeys;
        this.changed = new OffHeapBytesMap[values.length];
        for (int partition : owned) {
            changed[partition] = new OffHeapBytesMap(memory);
        }
    }

    @Override
    public void record(int partition, byte[] key, byte[] value) {
        writer.checkError();
        if (changed[partition].put(key, NO_BYTES) && ++pending >= maxKeys) {
            flush();
        }
    }

    /** Sends the newest value (or a tombstone) of every changed key to the changelog and forgets them. */
    void flush() {
        if (pending == 0) {
            return;
        }
        for (int partition : owned) {
            OffHeapBytesMap keys = changed[partition];
            if (keys.size() > 0) {
                OffHeapBytesMap map = values[partition];
                keys.forEachRecord(record -> send(partition, keys, record, map));
                keys.clear();
            }
        }
        pending = 0;
    }

    /** Changed keys not sent yet. */
    long pending() {
        return pending;
    }

    @Override
    public void close() {
        for (int partition : owned) {
            changed[partition].close();
        }
    }

    private void send(int partition, OffHeapBytesMap keys, long keyRecord, OffHeapBytesMap map) {
        byte[] key = new byte[keys.keyLength(keyRecord)];
        keys.readKey(keyRecord, key);
        long valueRecord = map.find(key, 0, key.length);
        byte[] value = null;
        if (valueRecord >= 0) {
            value = new byte[map.valueLength(valueRecord)];
            map.readValue(valueRecord, value);
        }
        writer.append(partition, key, value);
    }
}
