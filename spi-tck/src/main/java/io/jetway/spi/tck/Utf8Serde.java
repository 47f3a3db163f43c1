package io.jetway.spi.tck;

import io.jetway.spi.state.StateSerde;

import java.io.Serializable;
import java.nio.ByteBuffer;

import static java.nio.charset.StandardCharsets.UTF_8;

/** Strings as UTF-8 bytes: the key and value serde of the contract tests. */
public final class Utf8Serde implements StateSerde<String>, Serializable {

    private static final long serialVersionUID = 1L;

    @Override
    public byte[] toBytes(String value) {
        return value.getBytes(UTF_8);
    }

    @Override
    public String fromBytes(ByteBuffer bytes) {
        return UTF_8.decode(bytes.duplicate()).toString();
    }
}
