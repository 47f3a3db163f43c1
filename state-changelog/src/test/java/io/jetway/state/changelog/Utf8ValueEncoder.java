package io.jetway.state.changelog;

import io.jetway.spi.codec.RecordEncoder;

import java.nio.ByteBuffer;

import static java.nio.charset.StandardCharsets.UTF_8;

/** The text as the record value, no key: the output encoder of this package's jobs. */
final class Utf8ValueEncoder implements RecordEncoder<String> {

    @Override
    public ByteBuffer encodeKey(String item) {
        return null;
    }

    @Override
    public ByteBuffer encodeValue(String item) {
        return ByteBuffer.wrap(item.getBytes(UTF_8));
    }
}
