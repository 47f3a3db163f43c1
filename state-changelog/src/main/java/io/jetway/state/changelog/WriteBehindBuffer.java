package io.jetway.state.changelog;

/**
 * Hands the changes of the local stores to the {@link ChangelogWriter} without ever blocking the
 * processor thread.
 * <p>
 * With {@code maxKeys > 0} (option {@code write.buffer.keys}) it holds the keys changed since the last
 * send, per state partition, so that the changelog receives each changed key's newest value once per
 * snapshot epoch rather than every update (as Kafka Streams' record cache does); with {@code maxKeys = 0}
 * it sends each change at once. Either way a change is only sent when the writer {@link
 * ChangelogWriter#hasRoom has room} for it (the producer's buffer would otherwise block the send); else
 * its key is kept and sent later, with the key's value of that moment, or a tombstone when it is gone.
 * <p>
 * Sending: once {@code max(1, maxKeys)} keys are held they become the <em>draining</em> set, which is
 * walked slot by slot as room allows, on later {@link #record} calls; keys changed meanwhile are held for
 * the next round (a key may so be sent twice; it is always its newest value, so the changelog's last
 * record of each key stays its current value). Snapshot phase 1 ({@link #flush}, off the processor thread
 * or on a non-cooperative one) sends everything held, waiting for room.
 * <p>
 * Memory: the held keys live off-heap in {@link OffHeapBytesMap}s (key bytes, empty value), two per
 * partition, so recording a change allocates nothing; a send allocates its record. While Kafka is slower
 * than the changes, the held keys grow up to the number of distinct keys changed, which the local state
 * holds anyway.
 * <p>
 * Not thread-safe: the processor thread records; phase 1 flushes while the processor thread waits.
 */
final class WriteBehindBuffer implements ChangeRecorder, AutoCloseable {

    private static final byte[] NO_BYTES = new byte[0];

    private final ChangelogWriter writer;
    private final OffHeapBytesMap[] values;
    private final int[] owned;
    private final long maxKeys;
    private final long sendAt;
    // keys changed and not handed to a drain yet
    private OffHeapBytesMap[] held;
    // keys being sent; not changed until all are sent
    private OffHeapBytesMap[] draining;
    private long heldKeys;
    private boolean drainActive;
    private int drainPartition;
    private long drainSlot;

    /**
     * @param values  the stores' maps, indexed by state partition ({@code null} where not owned)
     * @param owned   the owned state partitions
     * @param maxKeys changed keys held before they are sent; 0 to send each change at once
     */
    WriteBehindBuffer(ChangelogWriter writer, OffHeapBytesMap[] values, int[] owned, OffHeapMemory memory,
                      long maxKeys) {
        if (maxKeys < 0) {
            throw new IllegalArgumentException("maxKeys must be at least 0: " + maxKeys);
        }
        this.writer = writer;
        this.values = values;
        this.owned = owned.clone();
        this.maxKeys = maxKeys;
        this.sendAt = Math.max(1, maxKeys);
        this.held = new OffHeapBytesMap[values.length];
        this.draining = new OffHeapBytesMap[values.length];
        for (int partition : owned) {
            held[partition] = new OffHeapBytesMap(memory);
            draining[partition] = new OffHeapBytesMap(memory);
        }
    }

    @Override
    public void record(int partition, byte[] key, byte[] value) {
        writer.checkError();
        if (drainActive) {
            drain(false);
        }
        if (maxKeys == 0 && !drainActive && heldKeys == 0 && writer.hasRoom(ChangelogWriter.sizeOf(key, value))) {
            writer.append(partition, key, value);
            return;
        }
        if (held[partition].put(key, NO_BYTES)) {
            heldKeys++;
        }
        if (heldKeys >= sendAt && !drainActive) {
            startDrain();
            drain(false);
        }
    }

    /**
     * Phase 1: sends the newest value (or a tombstone) of every held key to the changelog and forgets them;
     * blocks while the producer's buffer is full.
     */
    void flush() {
        if (drainActive) {
            drain(true);
        }
        if (heldKeys > 0) {
            startDrain();
            drain(true);
        }
    }

    /** Changed keys held and not sent yet (some of them may be being sent). */
    long pending() {
        long keys = heldKeys;
        if (drainActive) {
            for (int i = drainPartition; i < owned.length; i++) {
                keys += draining[owned[i]].size();
            }
        }
        return keys;
    }

    @Override
    public void close() {
        for (int partition : owned) {
            held[partition].close();
            draining[partition].close();
        }
    }

    // The held keys become the draining ones (the previous drain is over: its maps are empty).
    private void startDrain() {
        OffHeapBytesMap[] next = draining;
        draining = held;
        held = next;
        heldKeys = 0;
        drainActive = true;
        drainPartition = 0;
        drainSlot = 0;
    }

    // Sends draining keys from where the last call stopped; without blocking, only while there is room.
    private void drain(boolean block) {
        while (drainPartition < owned.length) {
            int partition = owned[drainPartition];
            OffHeapBytesMap keys = draining[partition];
            for (long slots = keys.slotCount(); drainSlot < slots; drainSlot++) {
                long record = keys.recordAtSlot(drainSlot);
                if (record >= 0 && !send(partition, keys, record, block)) {
                    return;
                }
            }
            keys.clear();
            drainPartition++;
            drainSlot = 0;
        }
        drainActive = false;
    }

    private boolean send(int partition, OffHeapBytesMap keys, long keyRecord, boolean block) {
        int keyLength = keys.keyLength(keyRecord);
        if (!block && !writer.hasRoom(keyLength + ChangelogWriter.RECORD_OVERHEAD_BYTES)) {
            return false; // no room even for a removal: allocate nothing
        }
        byte[] key = new byte[keyLength];
        keys.readKey(keyRecord, key);
        OffHeapBytesMap map = values[partition];
        long valueRecord = map.find(key, 0, key.length);
        byte[] value = null;
        if (valueRecord >= 0) {
            value = new byte[map.valueLength(valueRecord)];
            map.readValue(valueRecord, value);
        }
        if (!block && !writer.hasRoom(ChangelogWriter.sizeOf(key, value))) {
            return false;
        }
        writer.append(partition, key, value);
        return true;
    }
}
