package io.jetway.internal.state;

import com.hazelcast.internal.partition.IPartitionService;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.HeapData;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The Hazelcast partition of a key from its serialized bytes (the {@code Data} form), as the member's
 * partition service computes it: the partition hash in the header, or when that is 0 the 32-bit
 * MurmurHash3 (x86 variant, Hazelcast's seed) of the payload, then its absolute value modulo the partition
 * count. Jet's keyed edges route by the same partition, so a keyed processor finds the state partition of
 * each item's key without asking the partition service (whose hash reads the bytes one at a time).
 * <p>
 * {@link #verifiedFor} checks the computation against the partition service on sample keys and returns
 * {@code null} when they differ, so that callers fall back to the service.
 */
final class PartitionOfKeyBytes {

    private static final VarHandle INTS_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final int HEADER = 8;
    private static final int SEED = 0x0100_0193;
    private static final int C1 = 0xcc9e_2d51;
    private static final int C2 = 0x1b87_3593;
    private static final List<Object> SAMPLES = List.of("", "a", "ab", "abc", "abcd", "key-42", "account-000123",
            "\u00fc\u20ac\ud83d\ude00", 0L, 1L, -1L, Long.MAX_VALUE, 7, Integer.MIN_VALUE, 3.25d);

    private final int partitionCount;

    private PartitionOfKeyBytes(int partitionCount) {
        this.partitionCount = partitionCount;
    }

    /** The computation when it agrees with {@code partitions} for every sample key, else {@code null}. */
    static PartitionOfKeyBytes verifiedFor(IPartitionService partitions, InternalSerializationService serialization) {
        PartitionOfKeyBytes computed = new PartitionOfKeyBytes(partitions.getPartitionCount());
        for (Object sample : SAMPLES) {
            byte[] bytes = serialization.toBytes(sample);
            if (computed.partitionOf(bytes) != partitions.getPartitionId(new HeapData(bytes))
                    || computed.partitionOf(bytes) != partitions.getPartitionId(sample)) {
                return null;
            }
        }
        return computed;
    }

    /** The partition of the key serialized as {@code data}. */
    int partitionOf(byte[] data) {
        return partitionOf(data, partitionCount);
    }

    /** The partition among {@code partitionCount} of the key serialized as {@code data}. */
    static int partitionOf(byte[] data, int partitionCount) {
        int hash = data.length >= HEADER ? (int) INTS_BE.get(data, 0) : 0;
        if (hash == 0) {
            hash = murmur3(data, HEADER, Math.max(0, data.length - HEADER));
        }
        return hash == Integer.MIN_VALUE ? 0 : Math.abs(hash) % partitionCount;
    }

    static int murmur3(byte[] data, int offset, int length) {
        int h = SEED;
        int blocksEnd = offset + (length & ~3);
        for (int i = offset; i < blocksEnd; i += 4) {
            int k = (int) INTS_LE.get(data, i);
            k *= C1;
            k = Integer.rotateLeft(k, 15);
            k *= C2;
            h ^= k;
            h = Integer.rotateLeft(h, 13);
            h = h * 5 + 0xe654_6b64;
        }
        int tail = length & 3;
        if (tail > 0) {
            int k = 0;
            for (int i = tail - 1; i >= 0; i--) {
                k = (k << 8) | (data[blocksEnd + i] & 0xFF);
            }
            k *= C1;
            k = Integer.rotateLeft(k, 15);
            k *= C2;
            h ^= k;
        }
        h ^= length;
        h ^= h >>> 16;
        h *= 0x85eb_ca6b;
        h ^= h >>> 13;
        h *= 0xc2b2_ae35;
        h ^= h >>> 16;
        return h;
    }
}
