package io.jetway.codec;

import io.jetway.spi.codec.RecordContext;

import java.util.function.BiConsumer;

/** {@link RecordContext}s for codec tests that call a decoder directly, without a source. */
final class TestRecordContexts {

    /** Topic "t", partition 0, offset 0, timestamp 0, no headers: for decoders that do not read the context. */
    static final RecordContext NO_CONTEXT = new RecordContext() {
        @Override public String topic() { return "t"; }
        @Override public int partition() { return 0; }
        @Override public long offset() { return 0; }
        @Override public long timestamp() { return 0; }
        @Override public byte[] lastHeader(String key) { return null; }
        @Override public void forEachHeader(BiConsumer<String, byte[]> action) { }
    };

    private TestRecordContexts() {
    }
}
