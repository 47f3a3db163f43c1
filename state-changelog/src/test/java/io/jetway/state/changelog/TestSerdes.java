package io.jetway.state.changelog;

import io.jetway.spi.state.StateSerde;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** UTF-8 string keys and 8-byte long values for tests. */
final class TestSerdes {

    static final StateSerde<String> STRINGS = new StateSerde<>() {
        @Override
        public byte[] toBytes(String value) {
            return value.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String fromBytes(ByteBuffer bytes) {
            return StandardCharsets.UTF_8.decode(bytes.duplicate()).toString();
        }
    };

    static final StateSerde<Long> LONGS = new StateSerde<>() {
        @Override
        public byte[] toBytes(Long value) {
            return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
        }

        @Override
        public Long fromBytes(ByteBuffer bytes) {
            return bytes.getLong(bytes.position());
        }
    };

    private TestSerdes() {
    }
}
