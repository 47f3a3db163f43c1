package io.jetway.benchmarks.jmh;

import io.jetway.spi.state.StateSerde;

import java.io.Serializable;
import java.nio.ByteBuffer;

/** Eight big-endian bytes per {@code Long}: the cheapest serde the state SPI allows (a new array per call). */
final class LongSerde implements StateSerde<Long>, Serializable {

    @Override
    public byte[] toBytes(Long value) {
        long v = value;
        byte[] b = new byte[8];
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) v;
            v >>>= 8;
        }
        return b;
    }

    @Override
    public Long fromBytes(ByteBuffer bytes) {
        return bytes.getLong(bytes.position());
    }
}
