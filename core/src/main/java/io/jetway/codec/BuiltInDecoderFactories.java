package io.jetway.codec;

import io.jetway.spi.codec.RecordDecoder;
import io.jetway.spi.codec.RecordDecoderFactory;

import java.util.Map;

/** The decoder factories that ship with jetway-core, registered in {@code META-INF/services}. */
public final class BuiltInDecoderFactories {

    private BuiltInDecoderFactories() {
    }

    /** {@code "utf8-string"}: the value as a UTF-8 string. */
    public static final class Utf8String implements RecordDecoderFactory {
        @Override
        public String name() {
            return "utf8-string";
        }

        @Override
        public RecordDecoder<?> create(Map<String, String> options) {
            return new Utf8StringDecoder();
        }
    }

    /** {@code "byte-array"}: the value as a {@code byte[]} copy. */
    public static final class ByteArray implements RecordDecoderFactory {
        @Override
        public String name() {
            return "byte-array";
        }

        @Override
        public RecordDecoder<?> create(Map<String, String> options) {
            return new ByteArrayDecoder();
        }
    }
}
