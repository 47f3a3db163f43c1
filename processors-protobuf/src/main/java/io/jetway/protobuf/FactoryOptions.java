package io.jetway.protobuf;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/** Reads the string options of a codec factory; every error names the factory, the option and what is allowed. */
final class FactoryOptions {

    private final String factory;
    private final Map<String, String> options;

    FactoryOptions(String factory, Map<String, String> options, Set<String> supported) {
        this.factory = factory;
        this.options = requireNonNull(options, "options cannot be null");
        Set<String> unknown = new TreeSet<>(options.keySet());
        unknown.removeAll(supported);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("'" + factory + "': unknown option(s) " + unknown + "; supported: "
                    + new TreeSet<>(supported));
        }
    }

    String required(String key) {
        String value = options.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("'" + factory + "': option '" + key + "' is required");
        }
        return value.trim();
    }

    String optional(String key) {
        String value = options.get(key);
        return value == null || value.isBlank() ? null : value.trim();
    }

    boolean bool(String key, boolean defaultValue) {
        String value = optional(key);
        if (value == null) {
            return defaultValue;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("'" + factory + "': option '" + key + "' is '" + value
                    + "'; expected true or false");
        };
    }

    /** One of {@code allowed} (case-insensitive), or {@code defaultValue} when absent. */
    String oneOf(String key, String defaultValue, String... allowed) {
        String value = optional(key);
        if (value == null) {
            return defaultValue;
        }
        for (String candidate : allowed) {
            if (candidate.equalsIgnoreCase(value)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("'" + factory + "': option '" + key + "' is '" + value + "'; expected one of "
                + String.join(", ", allowed));
    }

    /** The decode options from {@code part}, {@code aliasing}, {@code on-null} and {@code on-empty}. */
    ProtobufDecodeOptions decodeOptions() {
        ProtobufDecodeOptions decode = ProtobufDecodeOptions.defaults();
        if ("key".equals(oneOf("part", "value", "value", "key"))) {
            decode = decode.fromKey();
        }
        if (!bool("aliasing", true)) {
            decode = decode.withoutAliasing();
        }
        if ("fail".equals(oneOf("on-empty", "empty-message", "empty-message", "fail"))) {
            decode = decode.failOnEmpty();
        }
        return switch (oneOf("on-null", "filter", "filter", "fail", "empty-message")) {
            case "fail" -> decode.onNull(NullPolicy.FAIL);
            case "empty-message" -> decode.onNull(NullPolicy.EMPTY_MESSAGE);
            default -> decode;
        };
    }
}
