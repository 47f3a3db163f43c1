package io.jetway.state.changelog;

/**
 * Hands the changes of the local stores to the {@link ChangelogWriter} without ever blocking the
 * processor thread.
 * <p>
 * With {@code maxKeys > 0} (option {@code write.buffer.keys}) it holds the keys changed since they were last
 * sent, so that the changelog receives each changed key's newest value once per snapshot epoch rather than
 * every update (as Kafka Streams' record cache does); with {@code maxKeys = 0} it sends each change at once.
 * Either way a change is only sent when the writer {@link ChangelogWriter#hasRoom has room} for it (the
 * producer's buffer would otherwise block the send); else its key is held like that, and sent later with the
 * key's value of that moment, or a tombstone when it is gone.
 * <p>
 * Holding: a changed key that is still in its store is <em>marked</em> in the store's own map ({@link
 * OffHeapBytesMap#mark}, one bit beside its index slot, while the slot is in cache from the write), so a
 * change costs no second lookup; a removed key goes to a small map of removals per partition.
 * <p>
 * Sending: once {@code max(1, maxKeys)} keys were held since the last round began, or when the processor is
 * idle, holds at most {@code idleMaxKeys} keys and the last round began at least {@code idleIntervalNanos}
 * ago ({@link #sendWhileIdle}, options {@code write.buffer.idle.max.keys} and {@code write.buffer.idle.interval.ms};
 * a processor that changes more keys than that per interval keeps each key's newest value for phase 1, where
 * holding saves the most records), a round walks the
 * partitions' marked slots and the removals in hand as room allows, on later {@link #record} calls, and
 * sends the newest value of each, or a tombstone for a key still gone. Keys changed meanwhile
 * behind the walk stay marked for the next round, and removals go to a second map that the next round
 * takes; a key may so be sent twice, always with its newest value, so the changelog's last record of each
 * key stays its current value. Snapshot phase 1 ({@link #flush}, off the processor thread or on a
 * non-cooperative one) sends everything held, waiting for room, until nothing is marked.
 * <p>
 * Memory: the marks are one bit per index slot; the removals live off-heap in {@link OffHeapBytesMap}s (key
 * bytes, empty value), two per partition, so recording a change allocates nothing; a send allocates its
 * record.
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
    private final long idleIntervalNanos;
    private final long idleMaxKeys;
    // removed keys not handed to a round yet
    private OffHeapBytesMap[] removals;
    // removed keys of the round in progress; not changed until the round is over
    private OffHeapBytesMap[] drainingRemovals;
    // keys marked or removed since the last round began: when to begin the next one
    private long heldKeys;
    private boolean drainActive;
    private int drainPartition;
    private boolean walkingMarks;
    private long drainSlot;
    private long roundStartNanos;

    /**
     * @param values  the stores' maps, indexed by state partition ({@code null} where not owned)
     * @param owned   the owned state partitions
     * @param maxKeys           changed keys held before they are sent; 0 to send each change at once
     * @param idleIntervalNanos the least time from the start of a round to one an idle processor begins
     * @param idleMaxKeys       the most keys held for an idle processor to begin a round
     */
    WriteBehindBuffer(ChangelogWriter writer, OffHeapBytesMap[] values, int[] owned, OffHeapMemory memory,
                      long maxKeys, long idleIntervalNanos, long idleMaxKeys) {
        if (maxKeys < 0) {
            throw new IllegalArgumentException("maxKeys must be at least 0: " + maxKeys);
        }
        this.writer = writer;
        this.values = values;
        this.owned = owned.clone();
        this.maxKeys = maxKeys;
        this.sendAt = Math.max(1, maxKeys);
        this.idleIntervalNanos = idleIntervalNanos;
        this.idleMaxKeys = idleMaxKeys;
        this.roundStartNanos = System.nanoTime();
        this.removals = new OffHeapBytesMap[values.length];
        this.drainingRemovals = new OffHeapBytesMap[values.length];
        for (int partition : owned) {
            removals[partition] = new OffHeapBytesMap(memory);
            drainingRemovals[partition] = new OffHeapBytesMap(memory);
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
        boolean held = value != null ? values[partition].mark(key, 0, key.length)
                : removals[partition].put(key, NO_BYTES);
        if (held) {
            heldKeys++;
        }
        if (heldKeys >= sendAt && !drainActive) {
            startRound();
            drain(false);
        }
    }

    /**
     * The processor is idle: sends the held changes as the writer has room, without blocking, so that phase 1
     * finds less to send. A round under way goes on; else one begins when 1 to {@code idleMaxKeys} keys are
     * held and the last round began at least the idle interval ago (a round's records then share batches).
     */
    void sendWhileIdle() {
        writer.checkError();
        if (!drainActive) {
            if (heldKeys == 0 || heldKeys > idleMaxKeys || System.nanoTime() - roundStartNanos < idleIntervalNanos) {
                return;
            }
            startRound();
        }
        drain(false);
    }

    /**
     * Phase 1: sends the newest value (or a tombstone) of every held key to the changelog and forgets them;
     * blocks while the producer's buffer is full.
     */
    void flush() {
        if (drainActive) {
            drain(true);
        }
        // the processor thread waits meanwhile, so a round finds every mark: at most two rounds
        while (pending() > 0) {
            startRound();
            drain(true);
        }
    }

    /** Changed keys held and not sent yet: marked ones and removals. */
    long pending() {
        long keys = 0;
        for (int partition : owned) {
            keys += values[partition].markedCount() + removals[partition].size()
                    + drainingRemovals[partition].size();
        }
        return keys;
    }

    @Override
    public void close() {
        for (int partition : owned) {
            removals[partition].close();
            drainingRemovals[partition].close();
        }
    }

    // The removals become the round's (the previous round is over: its maps are empty); marks are walked.
    private void startRound() {
        OffHeapBytesMap[] next = drainingRemovals;
        drainingRemovals = removals;
        removals = next;
        heldKeys = 0;
        roundStartNanos = System.nanoTime();
        drainActive = true;
        drainPartition = 0;
        walkingMarks = true;
        drainSlot = 0;
    }

    // Sends from where the last call stopped, each partition's marked keys then its removals; without
    // blocking, only while there is room.
    private void drain(boolean block) {
        while (drainPartition < owned.length) {
            int partition = owned[drainPartition];
            OffHeapBytesMap map = values[partition];
            if (walkingMarks) {
                for (long slot = map.nextMarkedSlot(drainSlot); slot >= 0; slot = map.nextMarkedSlot(slot + 1)) {
                    drainSlot = slot;
                    if (!sendMarked(partition, map, slot, block)) {
                        return;
                    }
                }
                walkingMarks = false;
                drainSlot = 0;
            }
            OffHeapBytesMap removed = drainingRemovals[partition];
            for (long slots = removed.slotCount(); drainSlot < slots; drainSlot++) {
                long record = removed.recordAtSlot(drainSlot);
                if (record >= 0 && !sendRemoval(partition, removed, record, block)) {
                    return;
                }
            }
            removed.clear();
            drainPartition++;
            walkingMarks = true;
            drainSlot = 0;
        }
        drainActive = false;
    }

    private boolean sendMarked(int partition, OffHeapBytesMap map, long slot, boolean block) {
        long record = map.recordAtSlot(slot);
        int keyLength = map.keyLength(record);
        int valueLength = map.valueLength(record);
        if (!block && !writer.hasRoom(ChangelogWriter.sizeOf(keyLength, valueLength))) {
            return false;
        }
        byte[] key = new byte[keyLength];
        map.readKey(record, key);
        byte[] value = new byte[valueLength];
        map.readValue(record, value);
        writer.append(partition, key, value);
        map.unmark(slot);
        return true;
    }

    // A removed key that is back was put since: that put marked it (or sent it at once), and its value goes
    // after the removal's moment, so the tombstone is due only while the key is still gone.
    private boolean sendRemoval(int partition, OffHeapBytesMap keys, long keyRecord, boolean block) {
        int keyLength = keys.keyLength(keyRecord);
        if (!block && !writer.hasRoom(ChangelogWriter.sizeOf(keyLength, -1))) {
            return false; // no room even for a removal: allocate nothing
        }
        byte[] key = new byte[keyLength];
        keys.readKey(keyRecord, key);
        if (values[partition].find(key, 0, key.length) < 0) {
            writer.append(partition, key, null);
        }
        return true;
    }
}
