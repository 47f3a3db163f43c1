package io.jetway.protobuf.test;

import io.jetway.spi.codec.RecordContext;

import java.util.function.BiConsumer;

/** The decoders ignore the context; a stub with fixed coordinates. */
public final class StubContext implements RecordContext {
    @Override
    public String topic() {
        return "unit";
    }

    @Override
    public int partition() {
        return 0;
    }

    @Override
    public long offset() {
        return 0;
    }

    @Override
    public long timestamp() {
        return 0;
    }

    @Override
    public byte[] lastHeader(String key) {
        return null;
    }

    @Override
    public void forEachHeader(BiConsumer<String, byte[]> action) {
        // no headers
    }
}
