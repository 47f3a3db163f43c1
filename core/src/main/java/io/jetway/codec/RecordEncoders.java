package io.jetway.codec;

import com.hazelcast.function.SupplierEx;
import io.jetway.spi.NamedServiceLoader;
import io.jetway.spi.codec.RecordEncoder;
import io.jetway.spi.codec.RecordEncoderFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * Encoder suppliers for Jetway's Kafka sinks ({@link io.jetway.JetwaySinks}, {@link io.jetway.JetwayJournal}):
 * built-in ones, and any {@link RecordEncoderFactory} by name. The counterpart of {@link RecordDecoders}.
 */
public final class RecordEncoders {

    private RecordEncoders() {
    }

    /** A string as UTF-8, as the key when asked for a key and as the value when asked for a value. */
    public static SupplierEx<RecordEncoder<String>> utf8String() {
        return Utf8StringEncoder::new;
    }

    /** A string as the UTF-8 value of a record without a key. */
    public static SupplierEx<RecordEncoder<String>> utf8StringValueOnly() {
        return Utf8StringEncoder::valueOnly;
    }

    /**
     * An encoder from the {@link RecordEncoderFactory} named {@code name}, found with
     * {@link java.util.ServiceLoader}. The name is checked now, so a typo fails when the job is built,
     * with the list of available names; each sink processor then creates its encoder on its member.
     */
    @SuppressWarnings("unchecked")
    public static <T> SupplierEx<RecordEncoder<T>> byName(String name, Map<String, String> options) {
        NamedServiceLoader.byName(RecordEncoderFactory.class, name, RecordEncoders.class.getClassLoader());
        Map<String, String> copy = new HashMap<>(options);
        return () -> (RecordEncoder<T>) NamedServiceLoader
                .byName(RecordEncoderFactory.class, name, Thread.currentThread().getContextClassLoader())
                .create(copy);
    }
}
