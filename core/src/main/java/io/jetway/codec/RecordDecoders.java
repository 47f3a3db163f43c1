package io.jetway.codec;

import com.hazelcast.function.SupplierEx;
import io.jetway.spi.NamedServiceLoader;
import io.jetway.spi.codec.RecordDecoder;
import io.jetway.spi.codec.RecordDecoderFactory;

import java.util.HashMap;
import java.util.Map;

/** Decoder suppliers for the Kafka source: built-in ones, and any {@link RecordDecoderFactory} by name. */
public final class RecordDecoders {

    private RecordDecoders() {
    }

    /** The value as a UTF-8 string. */
    public static SupplierEx<RecordDecoder<String>> utf8String() {
        return Utf8StringDecoder::new;
    }

    /** Key and value as UTF-8 strings in an immutable entry. */
    public static SupplierEx<RecordDecoder<Map.Entry<String, String>>> utf8KeyValue() {
        return Utf8KeyValueDecoder::new;
    }

    /** The value as a {@code byte[]} copy. */
    public static SupplierEx<RecordDecoder<byte[]>> byteArray() {
        return ByteArrayDecoder::new;
    }

    /**
     * A decoder from the {@link RecordDecoderFactory} named {@code name}, found with
     * {@link java.util.ServiceLoader}. The name is checked now, so a typo fails when the job is built,
     * with the list of available names; each processor then creates its decoder on its member.
     */
    @SuppressWarnings("unchecked")
    public static <T> SupplierEx<RecordDecoder<T>> byName(String name, Map<String, String> options) {
        NamedServiceLoader.byName(RecordDecoderFactory.class, name, RecordDecoders.class.getClassLoader());
        Map<String, String> copy = new HashMap<>(options);
        return () -> (RecordDecoder<T>) NamedServiceLoader
                .byName(RecordDecoderFactory.class, name, Thread.currentThread().getContextClassLoader())
                .create(copy);
    }
}
