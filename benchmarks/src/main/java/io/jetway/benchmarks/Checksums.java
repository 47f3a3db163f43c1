package io.jetway.benchmarks;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Order-independent checksums that prove a reader saw every record of an input exactly once:
 * <ul>
 *     <li>{@link #ofValue}: readers that do not decode add up the CRC32C of each value's bytes;</li>
 *     <li>{@link #mix}: readers that decode add up {@code mix(event.seq)}, a bijective 64-bit mix of the
 *     sequence number, so a lost record and a duplicate cannot cancel out by chance;</li>
 *     <li>keyed counts add up every count they emit, {@link #keyCounts} is the expected sum.</li>
 * </ul>
 */
public final class Checksums {

    private Checksums() {
    }

    /** The splitmix64 finaliser: a bijection of {@code long}s. */
    public static long mix(long x) {
        x = (x ^ (x >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        x = (x ^ (x >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return x ^ (x >>> 31);
    }

    /**
     * The sum of the counts a running count per key emits over events {@code 0..records-1} with
     * {@code seq % keys} as key: each key with {@code c} events emits {@code 1..c}.
     */
    public static long keyCounts(long records, long keys) {
        long perKey = records / keys;
        long withOneMore = records % keys;
        long distinct = Math.min(records, keys);
        long sum = 0;
        if (perKey > 0) {
            sum += (distinct - withOneMore) * triangle(perKey);
        }
        sum += withOneMore * triangle(perKey + 1);
        return sum;
    }

    private static long triangle(long n) {
        return n * (n + 1) / 2;
    }

    /** Computes the CRC32C of value views without moving them; one per thread. */
    public static final class ValueCrc {
        private final CRC32C crc = new CRC32C();

        /** The CRC32C of the bytes between the view's position and limit. */
        public long of(ByteBuffer value) {
            crc.reset();
            int position = value.position();
            crc.update(value);
            value.position(position);
            return crc.getValue();
        }
    }
}
