package io.jetway.codec;

import io.jetway.spi.codec.RecordContext;
import io.jetway.spi.codec.RecordDecoder;

import java.nio.ByteBuffer;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.Map;

/** Decodes key and value as UTF-8 strings into an immutable entry; either may be {@code null}. */
public final class Utf8KeyValueDecoder implements RecordDecoder<Map.Entry<String, String>> {

    @Override
    public Map.Entry<String, String> decode(ByteBuffer key, ByteBuffer value, RecordContext context) {
        return new SimpleImmutableEntry<>(key == null ? null : Utf8.string(key), value == null ? null : Utf8.string(value));
    }
}
