package io.jetway.codec;

import io.jetway.spi.codec.RecordContext;
import io.jetway.spi.codec.RecordDecoder;

import java.nio.ByteBuffer;

/**
 * Passes a record's value through as a {@code byte[]} copy: the decoded item must own its bytes, because
 * the view it is read from is only borrowed. A tombstone decodes to {@code null} and is filtered out.
 */
public final class ByteArrayDecoder implements RecordDecoder<byte[]> {

    @Override
    public byte[] decode(ByteBuffer key, ByteBuffer value, RecordContext context) {
        if (value == null) {
            return null;
        }
        byte[] bytes = new byte[value.remaining()];
        value.duplicate().get(bytes);
        return bytes;
    }
}
