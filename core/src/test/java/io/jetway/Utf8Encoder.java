package io.jetway;

import io.jetway.spi.codec.RecordEncoder;

import java.nio.ByteBuffer;

import static java.nio.charset.StandardCharsets.UTF_8;

/** Test encoder: no key, the item's text as the value; fails on items containing "bad". */
final class Utf8Encoder implements RecordEncoder<Object> {

    @Override
    public ByteBuffer encodeKey(Object item) {
        return null;
    }

    @Override
    public ByteBuffer encodeValue(Object item) {
        String text = String.valueOf(item);
        if (text.contains("bad")) {
            throw new IllegalArgumentException("cannot encode '" + text + "'");
        }
        return ByteBuffer.wrap(text.getBytes(UTF_8));
    }
}
