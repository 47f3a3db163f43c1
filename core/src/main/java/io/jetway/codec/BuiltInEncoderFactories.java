package io.jetway.codec;

import io.jetway.spi.codec.RecordEncoder;
import io.jetway.spi.codec.RecordEncoderFactory;

import java.util.Map;
import java.util.Set;

/** The encoder factories that ship with jetway-core, registered in {@code META-INF/services}. */
public final class BuiltInEncoderFactories {

    private BuiltInEncoderFactories() {
    }

    /**
     * {@code "utf8-string"}: a string as UTF-8 ({@link Utf8StringEncoder}). Option {@code key}: {@code true}
     * (the default) encodes the item as the key too, {@code false} writes records without a key.
     */
    public static final class Utf8String implements RecordEncoderFactory {
        private static final Set<String> OPTIONS = Set.of("key");

        @Override
        public String name() {
            return "utf8-string";
        }

        @Override
        public RecordEncoder<?> create(Map<String, String> options) {
            for (String option : options.keySet()) {
                if (!OPTIONS.contains(option)) {
                    throw new IllegalArgumentException("Unknown option '" + option + "' of encoder 'utf8-string'. "
                            + "Options: " + OPTIONS);
                }
            }
            String key = options.getOrDefault("key", "true");
            switch (key) {
                case "true":
                    return new Utf8StringEncoder();
                case "false":
                    return Utf8StringEncoder.valueOnly();
                default:
                    throw new IllegalArgumentException("Option 'key' of encoder 'utf8-string' must be true or false, "
                            + "was '" + key + "'");
            }
        }
    }
}
