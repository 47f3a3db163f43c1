package io.jetway.internal.kafka;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Helpers for Kafka client properties: secrets are redacted wherever properties are logged or put in
 * an error message ({@code sasl.jaas.config}, passwords, keys, secrets, tokens).
 */
public final class KafkaProperties {

    private static final String REDACTED = "[redacted]";

    private KafkaProperties() {
    }

    /** A sorted copy of {@code properties} in which every secret value is replaced by "[redacted]". */
    public static Map<String, String> redacted(Map<?, ?> properties) {
        Map<String, String> copy = new TreeMap<>();
        properties.forEach((k, v) -> {
            String key = String.valueOf(k);
            copy.put(key, isSecret(key) ? REDACTED : String.valueOf(v));
        });
        return copy;
    }

    /** Whether the value of {@code key} must never be shown. */
    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.equals("sasl.jaas.config") || k.contains("password") || k.endsWith(".key") || k.contains("secret")
                || k.contains("token") || k.contains("credential");
    }
}
