package io.jetway.protobuf.internal;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * Reads the string options of a codec factory; every error names the factory, the option and what is allowed.
 * <p>
 * Not API: public only for the codec factories of the decode and encode packages of this module; it may change
 * in any release.
 */
public final class FactoryOptions {

    private final String factory;
    private final Map<String, String> options;

    public FactoryOptions(String factory, Map<String, String> options, Set<String> supported) {
        this.factory = factory;
        this.options = requireNonNull(options, "options cannot be null");
        Set<String> unknown = new TreeSet<>(options.keySet());
        unknown.removeAll(supported);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("'" + factory + "': unknown option(s) " + unknown + "; supported: "
                    + new TreeSet<>(supported));
        }
    }

    /** {@code a} and {@code b} in one unmodifiable set. */
    public static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    public String required(String key) {
        String value = options.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("'" + factory + "': option '" + key + "' is required");
        }
        return value.trim();
    }

    public String optional(String key) {
        String value = options.get(key);
        return value == null || value.isBlank() ? null : value.trim();
    }

    public boolean bool(String key, boolean defaultValue) {
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
    public String oneOf(String key, String defaultValue, String... allowed) {
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

    /** The options of the schema-registry framing, shared by decoder and encoder factories. */
    public static final Set<String> FRAMING_OPTIONS = Set.of("framing", "schema-ids", "message-indexes");

    /** Whether {@code framing} is {@code schema-registry} (else {@code none}, the default). */
    public boolean schemaRegistryFraming() {
        return "schema-registry".equals(oneOf("framing", "none", "none", "schema-registry"));
    }

    /** The path in {@code message-indexes}, e.g. {@code 1,2}, or {@code null} when absent. */
    public int[] messageIndexes() {
        String value = optional("message-indexes");
        if (value == null) {
            return null;
        }
        String[] parts = value.split(",", -1);
        int[] path = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                path[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                path[i] = -1;
            }
            if (path[i] < 0) {
                throw new IllegalArgumentException("'" + factory + "': option 'message-indexes' is '" + value
                        + "'; expected indexes of 0 or more separated by commas, e.g. 1,2");
            }
        }
        return path;
    }

    /** One unsigned 32-bit schema id, e.g. in {@code schema-id}. */
    public long schemaId(String key, String value) {
        return schemaIds(key, value)[0];
    }

    /** Unsigned 32-bit schema ids separated by commas, e.g. in {@code schema-ids}. */
    public long[] schemaIds(String key, String value) {
        String[] parts = value.split(",", -1);
        long[] ids = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                ids[i] = Long.parseLong(parts[i].trim());
                RegistryHeader.checkedSchemaId(ids[i]);
            } catch (IllegalArgumentException e) {      // NumberFormatException too
                throw new IllegalArgumentException("'" + factory + "': option '" + key + "' is '" + value
                        + "'; expected schema ids from 0 to 4294967295 separated by commas", e);
            }
        }
        if (key.equals("schema-id") && ids.length != 1) {
            throw new IllegalArgumentException("'" + factory + "': option 'schema-id' is '" + value
                    + "'; expected one schema id");
        }
        return ids;
    }

    /** Fails if option {@code key} is set, because it needs {@code framing=schema-registry}. */
    public void onlyWithFraming(String key) {
        if (optional(key) != null) {
            throw new IllegalArgumentException("'" + factory + "': option '" + key + "' needs framing=schema-registry");
        }
    }
}
