package io.jetway.codec;

import io.jetway.spi.codec.RecordContext;
import io.jetway.spi.codec.RecordDecoder;

import java.nio.ByteBuffer;


/** Decodes a record's value as a UTF-8 string; a tombstone (null value) decodes to {@code null} and is filtered out. */
public final class Utf8StringDecoder implements RecordDecoder<String> {

    @Override
    public String decode(ByteBuffer key, ByteBuffer value, RecordContext context) {
        return value == null ? null : Utf8.string(value);
    }
}
