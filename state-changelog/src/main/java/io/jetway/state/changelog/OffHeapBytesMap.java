package io.jetway.state.changelog;

import net.openhft.chronicle.bytes.BytesStore;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A hash map from key bytes to value bytes in native memory, for the local state of one state
 * partition. Nothing is allocated until the first put or {@link #reserve}; {@link #close()} frees everything.
 *
 * <h2>Layout</h2>
 * <pre>
 *  index (open addressing, linear probing, power-of-two slots, load &lt;= 0.6):
 *    slot (8 bytes, 0 = empty):  | key hash (32 bits) | record number = arena offset / 8 + 1 (32 bits) |
 *
 *  arena (records appended, 8-byte aligned, up to 32 GiB):
 *    record:  | key length (int) | value length (int) | key bytes | value bytes | padding |
 * </pre>
 * A value of the same length is overwritten in place; otherwise the record is appended again and the
 * old one becomes garbage. When the arena is full its live records are copied into a new one sized
 * twice the live data (which compacts away the garbage, and grows or shrinks it). Removal shifts the
 * following slots back, so the index never holds tombstones.
 * <p>
 * Each slot also has a <em>mark</em> bit (on the heap, one bit per slot, moved with its entry), which the
 * {@link WriteBehindBuffer} sets on a changed key whose newest value the changelog has not received yet: the
 * buffer so needs no second table of changed keys, and finds them by walking the set bits.
 * <p>
 * Multi-byte fields use the platform's byte order, as chronicle-bytes' native stores do.
 * <p>
 * Not thread-safe: one thread at a time (the restoring thread, then the processor thread; the hand-over
 * happens-before through the completion of the open stage). {@link #size()}, {@link #reservedBytes()}
 * and {@link #liveBytes()} may be read racily by the metrics thread.
 */
final class OffHeapBytesMap implements AutoCloseable {

    private static final int HEADER_BYTES = 8;
    private static final long MIN_SLOTS = 16;
    private static final long MIN_ARENA_BYTES = 1024;
    private static final long MAX_RECORD_NUMBER = 0xFFFF_FFFFL;
    private static final double MAX_LOAD = 0.6;
    private static final int SMALL_COPY_BYTES = 64;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private final OffHeapMemory memory;
    private BytesStore<?, Void> index;
    private long slots;
    private long mask;
    private long maxSize;
    private BytesStore<?, Void> arena;
    private long arenaUsed;
    private long garbageBytes;
    // one bit per index slot, moved with its entry: the key's change is not in the changelog yet
    private long[] marks;
    private long markedCount;
    private volatile int size;
    private boolean closed;

    OffHeapBytesMap(OffHeapMemory memory) {
        this.memory = memory;
    }

    /** The number of keys. */
    int size() {
        return size;
    }

    /**
     * Sizes a map that holds nothing yet for {@code keys} keys whose records take {@code liveBytes} (as
     * {@link #liveBytes()} counts them), so that putting them neither grows the index nor moves the records:
     * a restore that knows the size of the state it reads back allocates (and touches) its memory once instead
     * of step by step. Does nothing when the map already allocated memory or {@code keys} is 0.
     */
    void reserve(long keys, long liveBytes) {
        ensureOpen();
        if (index != null || keys <= 0) {
            return;
        }
        long wanted = Math.min(keys, Integer.MAX_VALUE);
        long slotCount = MIN_SLOTS;
        while ((long) (slotCount * MAX_LOAD) < wanted) {
            slotCount <<= 1;
        }
        long arenaBytes = Math.max(MIN_ARENA_BYTES, (liveBytes + (liveBytes >>> 3) + 7) & ~7L);
        if ((arenaBytes >>> 3) + 1 > MAX_RECORD_NUMBER) {
            arenaBytes = MAX_RECORD_NUMBER << 3;
        }
        allocate(slotCount, arenaBytes);
    }

    /**
     * Sets the value of a key.
     *
     * @return whether the key is new
     */
    boolean put(byte[] key, int keyOffset, int keyLength, byte[] value, int valueOffset, int valueLength) {
        ensureOpen();
        if (index == null) {
            allocate(MIN_SLOTS, MIN_ARENA_BYTES);
        }
        int hash = hash(key, keyOffset, keyLength);
        long slot = find(hash, key, keyOffset, keyLength);
        if (slot >= 0) {
            long record = recordOf(index.readLong(slot << 3));
            if (arena.readInt(record + 4) == valueLength) {
                writeBytes(record + HEADER_BYTES + keyLength, value, valueOffset, valueLength);
                return false;
            }
        } else if (size + 1 > maxSize) {
            growIndex();
            slot = find(hash, key, keyOffset, keyLength);
        }
        long recordBytes = recordBytes(keyLength, valueLength);
        if (arenaUsed + recordBytes > arena.capacity()) {
            relocate(recordBytes); // moves records, not slots: `slot` stays valid
        }
        if (slot >= 0) {
            long old = recordOf(index.readLong(slot << 3));
            garbageBytes += recordBytes(arena.readInt(old), arena.readInt(old + 4));
        }
        long record = arenaUsed;
        arena.writeInt(record, keyLength);
        arena.writeInt(record + 4, valueLength);
        writeBytes(record + HEADER_BYTES, key, keyOffset, keyLength);
        writeBytes(record + HEADER_BYTES + keyLength, value, valueOffset, valueLength);
        arenaUsed += recordBytes;
        boolean added = slot < 0;
        long target = added ? -slot - 1 : slot;
        index.writeLong(target << 3, slotValue(hash, record));
        if (added) {
            size++;
        }
        return added;
    }

    /** {@link #put(byte[], int, int, byte[], int, int)} with whole arrays. */
    boolean put(byte[] key, byte[] value) {
        return put(key, 0, key.length, value, 0, value.length);
    }

    /**
     * The record of a key, or -1: pass it to {@link #valueLength} and {@link #readValue} before the next
     * change of the map.
     */
    long find(byte[] key, int keyOffset, int keyLength) {
        ensureOpen();
        if (index == null) {
            return -1;
        }
        long slot = find(hash(key, keyOffset, keyLength), key, keyOffset, keyLength);
        return slot >= 0 ? recordOf(index.readLong(slot << 3)) : -1;
    }

    /** Removes a key; returns whether it was present. */
    boolean remove(byte[] key, int keyOffset, int keyLength) {
        ensureOpen();
        if (index == null) {
            return false;
        }
        long slot = find(hash(key, keyOffset, keyLength), key, keyOffset, keyLength);
        if (slot < 0) {
            return false;
        }
        long record = recordOf(index.readLong(slot << 3));
        garbageBytes += recordBytes(arena.readInt(record), arena.readInt(record + 4));
        deleteSlot(slot);
        size--;
        return true;
    }

    /**
     * Marks the entry of a key as changed and not sent; returns whether it was unmarked (false also when the
     * key is absent).
     */
    boolean mark(byte[] key, int keyOffset, int keyLength) {
        ensureOpen();
        if (index == null) {
            return false;
        }
        long slot = find(hash(key, keyOffset, keyLength), key, keyOffset, keyLength);
        if (slot < 0 || isMarked(slot)) {
            return false;
        }
        marks[(int) (slot >>> 6)] |= 1L << slot;
        markedCount++;
        return true;
    }

    /** The number of marked entries. */
    long markedCount() {
        return markedCount;
    }

    /** The first marked slot at or after {@code from}, or -1: pass it to {@link #recordAtSlot}. */
    long nextMarkedSlot(long from) {
        if (index == null || from >= slots || markedCount == 0) {
            return -1;
        }
        int word = (int) (from >>> 6);
        long bits = marks[word] & (-1L << from);
        while (bits == 0) {
            if (++word == marks.length) {
                return -1;
            }
            bits = marks[word];
        }
        return ((long) word << 6) + Long.numberOfTrailingZeros(bits);
    }

    /** Clears the mark of {@code slot}, if it has one. */
    void unmark(long slot) {
        if (isMarked(slot)) {
            marks[(int) (slot >>> 6)] &= ~(1L << slot);
            markedCount--;
        }
    }

    private boolean isMarked(long slot) {
        return (marks[(int) (slot >>> 6)] & (1L << slot)) != 0;
    }

    /** The key length of {@code record}. */
    int keyLength(long record) {
        return arena.readInt(record);
    }

    /** The value length of {@code record}. */
    int valueLength(long record) {
        return arena.readInt(record + 4);
    }

    // Small arrays word by word: the store's bulk copy costs more than the copy itself below ~64 bytes.
    private void writeBytes(long at, byte[] source, int offset, int length) {
        if (length >= SMALL_COPY_BYTES) {
            arena.write(at, source, offset, length);
            return;
        }
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            arena.writeLong(at + i, (long) LONGS.get(source, offset + i));
        }
        for (; i < length; i++) {
            arena.writeByte(at + i, source[offset + i]);
        }
    }

    /** Copies the key of {@code record} into {@code target} from index 0. */
    void readKey(long record, byte[] target) {
        readBytes(record + HEADER_BYTES, target, arena.readInt(record));
    }

    /** Copies the value of {@code record} into {@code target} from index 0. */
    void readValue(long record, byte[] target) {
        readBytes(record + HEADER_BYTES + arena.readInt(record), target, arena.readInt(record + 4));
    }

    private void readBytes(long at, byte[] target, int length) {
        if (length >= SMALL_COPY_BYTES) {
            arena.read(at, target, 0, length);
            return;
        }
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            LONGS.set(target, i, arena.readLong(at + i));
        }
        for (; i < length; i++) {
            target[i] = arena.readByte(at + i);
        }
    }

    /** Calls {@code action} with every record; the map must not change meanwhile. */
    void forEachRecord(RecordAction action) {
        ensureOpen();
        for (long i = 0; index != null && i < slots; i++) {
            long value = index.readLong(i << 3);
            if (value != 0) {
                action.accept(recordOf(value));
            }
        }
    }

    /**
     * The number of index slots, for a walk with {@link #recordAtSlot}: slots keep their records while no key
     * is added or removed, so a walk may pause and go on as long as the map does not change meanwhile.
     */
    long slotCount() {
        return index == null ? 0 : slots;
    }

    /** The record in index slot {@code slot} (below {@link #slotCount()}), or -1 when the slot is empty. */
    long recordAtSlot(long slot) {
        ensureOpen();
        long value = index.readLong(slot << 3);
        return value == 0 ? -1 : recordOf(value);
    }

    /** Native bytes allocated: index plus arena. */
    long reservedBytes() {
        BytesStore<?, Void> i = index;
        BytesStore<?, Void> a = arena;
        return (i == null ? 0 : i.capacity()) + (a == null ? 0 : a.capacity());
    }

    /** Bytes of live records in the arena (headers, keys, values, padding). */
    long liveBytes() {
        return arenaUsed - garbageBytes;
    }

    /** Removes every key, keeping the memory allocated for the next ones. */
    void clear() {
        ensureOpen();
        if (index != null) {
            index.zeroOut(0, slots << 3);
            Arrays.fill(marks, 0L);
        }
        markedCount = 0;
        arenaUsed = 0;
        garbageBytes = 0;
        size = 0;
    }

    /** Frees the native memory; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (index != null) {
            memory.free(index);
            memory.free(arena);
            index = null;
            arena = null;
            marks = null;
        }
        markedCount = 0;
        size = 0;
    }

    private void allocate(long slotCount, long arenaBytes) {
        slots = slotCount;
        mask = slots - 1;
        maxSize = (long) (slots * MAX_LOAD);
        index = memory.allocateZeroed(slots << 3);
        marks = new long[markWords(slots)];
        arena = memory.allocate(arenaBytes);
    }

    private long find(int hash, byte[] key, int keyOffset, int keyLength) {
        long i = (hash & 0xFFFF_FFFFL) & mask;
        while (true) {
            long value = index.readLong(i << 3);
            if (value == 0) {
                return -i - 1;
            }
            if ((int) (value >>> 32) == hash && keyEquals(recordOf(value), key, keyOffset, keyLength)) {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    private boolean keyEquals(long record, byte[] key, int keyOffset, int keyLength) {
        if (arena.readInt(record) != keyLength) {
            return false;
        }
        long at = record + HEADER_BYTES;
        int i = 0;
        for (; i + 8 <= keyLength; i += 8) {
            if (arena.readLong(at + i) != (long) LONGS.get(key, keyOffset + i)) {
                return false;
            }
        }
        for (; i < keyLength; i++) {
            if (arena.readByte(at + i) != key[keyOffset + i]) {
                return false;
            }
        }
        return true;
    }

    // Backward-shift deletion: moves each following entry of the probe run into the hole when its home
    // slot is not between the hole and itself, so lookups never meet an empty slot too early.
    private void deleteSlot(long hole) {
        unmark(hole);
        long j = hole;
        while (true) {
            j = (j + 1) & mask;
            long value = index.readLong(j << 3);
            if (value == 0) {
                break;
            }
            long home = ((value >>> 32) & 0xFFFF_FFFFL) & mask;
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                index.writeLong(hole << 3, value);
                moveMark(j, hole);
                hole = j;
            }
        }
        index.writeLong(hole << 3, 0L);
    }

    private void growIndex() {
        long newSlots = slots << 1;
        long newMask = newSlots - 1;
        BytesStore<?, Void> newIndex = memory.allocateZeroed(newSlots << 3);
        long[] newMarks = new long[markWords(newSlots)];
        for (long i = 0; i < slots; i++) {
            long value = index.readLong(i << 3);
            if (value != 0) {
                long j = ((value >>> 32) & 0xFFFF_FFFFL) & newMask;
                while (newIndex.readLong(j << 3) != 0) {
                    j = (j + 1) & newMask;
                }
                newIndex.writeLong(j << 3, value);
                if (isMarked(i)) {
                    newMarks[(int) (j >>> 6)] |= 1L << j;
                }
            }
        }
        memory.free(index);
        index = newIndex;
        marks = newMarks;
        slots = newSlots;
        mask = newMask;
        maxSize = (long) (newSlots * MAX_LOAD);
    }

    // Copies the live records into a new arena twice their size (plus the record to come), which drops
    // the garbage; each slot keeps its place and gets the record's new number.
    private void relocate(long incomingBytes) {
        long live = arenaUsed - garbageBytes;
        long capacity = Math.max(MIN_ARENA_BYTES, Long.highestOneBit((live + incomingBytes) * 2 - 1) << 1);
        if ((capacity >>> 3) + 1 > MAX_RECORD_NUMBER) {
            throw new IllegalStateException("A state partition's local store cannot hold more than "
                    + (MAX_RECORD_NUMBER << 3) + " bytes of keys and values");
        }
        BytesStore<?, Void> newArena = memory.allocate(capacity);
        long used = 0;
        for (long i = 0; i < slots; i++) {
            long value = index.readLong(i << 3);
            if (value != 0) {
                long record = recordOf(value);
                long bytes = recordBytes(arena.readInt(record), arena.readInt(record + 4));
                newArena.write(used, arena, record, bytes);
                index.writeLong(i << 3, slotValue((int) (value >>> 32), used));
                used += bytes;
            }
        }
        memory.free(arena);
        arena = newArena;
        arenaUsed = used;
        garbageBytes = 0;
    }

    private void moveMark(long from, long to) {
        long bit = 1L << from;
        int word = (int) (from >>> 6);
        if ((marks[word] & bit) != 0) {
            marks[word] &= ~bit;
            marks[(int) (to >>> 6)] |= 1L << to;
        }
    }

    private static int markWords(long slotCount) {
        return (int) ((slotCount + 63) >>> 6);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("The local store was closed");
        }
    }

    private static long recordOf(long slotValue) {
        return ((slotValue & 0xFFFF_FFFFL) - 1) << 3;
    }

    private static long slotValue(int hash, long record) {
        return ((long) hash << 32) | ((record >>> 3) + 1);
    }

    private static long recordBytes(int keyLength, int valueLength) {
        return (HEADER_BYTES + (long) keyLength + valueLength + 7) & ~7L;
    }

    /** A 32-bit hash of key bytes (64-bit words mixed with the splitmix64 finaliser). */
    static int hash(byte[] key, int offset, int length) {
        long h = 0x9E37_79B9_7F4A_7C15L ^ length;
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            h = mix(h ^ (long) LONGS.get(key, offset + i));
        }
        long tail = 0;
        for (; i < length; i++) {
            tail = (tail << 8) | (key[offset + i] & 0xFF);
        }
        h = mix(h ^ tail ^ ((long) length << 56));
        return (int) (h ^ (h >>> 32));
    }

    private static long mix(long x) {
        x = (x ^ (x >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        x = (x ^ (x >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return x ^ (x >>> 31);
    }

    /** Receives a record of {@link #forEachRecord}. */
    @FunctionalInterface
    interface RecordAction {
        void accept(long record);
    }

    /** A heap buffer view of bytes copied out of the map, grown as needed and reused. */
    static final class Scratch {
        private byte[] bytes = new byte[64];
        private ByteBuffer buffer = ByteBuffer.wrap(bytes);

        /** A buffer of at least {@code length} bytes, for {@link #view} after filling. */
        byte[] array(int length) {
            if (bytes.length < length) {
                bytes = new byte[Math.max(length, bytes.length * 2)];
                buffer = ByteBuffer.wrap(bytes);
            }
            return bytes;
        }

        /** The first {@code length} bytes of {@link #array} as a buffer (position 0, limit length). */
        ByteBuffer view(int length) {
            buffer.clear().limit(length);
            return buffer;
        }
    }
}
