package io.jetway.benchmarks.e2e;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * An order-independent checksum of record values: the sum of each value's CRC32C. Every variant computes
 * it the same way on the bytes it read, so equal sums mean equal data. Reads the view without moving it
 * and without allocating.
 */
final class ValueChecksum {

    private final CRC32C crc = new CRC32C();

    /** The CRC32C of the bytes between the view's position and limit. */
    long of(ByteBuffer value) {
        crc.reset();
        int position = value.position();
        crc.update(value);
        value.position(position);
        return crc.getValue();
    }
}
