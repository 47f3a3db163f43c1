package io.jetway.kafka.common;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The one redaction rule for the properties of every Kafka client Jetway builds (source, sink, changelog,
 * dead letters, admin) and for state backend options, wherever Jetway shows them: {@code toString()}, logs,
 * exception messages, metric tags.
 * <p>
 * A value is hidden when its key, or the key without a dotted prefix (a backend's {@code kafka.}, or any
 * other such as {@code producer.}), is
 * <ul>
 *     <li>a property that Kafka's producer, consumer or admin {@link ConfigDef} types as
 *     {@link ConfigDef.Type#PASSWORD} (read from the kafka-clients on the class path, so new ones are
 *     covered);</li>
 *     <li>{@code sasl.jaas.config}, {@code basic.auth.user.info} (Schema Registry) or
 *     {@code sasl.oauthbearer.assertion.private.key.passphrase}, named in case a kafka-clients version
 *     does not type them so;</li>
 *     <li>or named like a secret: it contains {@code password}, {@code passphrase}, {@code secret},
 *     {@code token} or {@code credential}, or ends with {@code .key} (third-party clients' secrets).</li>
 * </ul>
 */
public final class KafkaProperties {

    /** What a hidden value is shown as. */
    public static final String REDACTED = "[redacted]";

    private static final Set<String> SECRET_KEYS = secretKeys();
    private static final String[] SECRET_WORDS = {"password", "passphrase", "secret", "token", "credential"};

    private KafkaProperties() {
    }

    /** A sorted copy of {@code properties} in which every secret value is replaced by {@value #REDACTED}. */
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
        for (String word : SECRET_WORDS) {
            if (k.contains(word)) {
                return true;
            }
        }
        if (k.endsWith(".key")) {
            return true;
        }
        for (int from = 0; from >= 0; from = nextSegment(k, from)) {
            if (SECRET_KEYS.contains(k.substring(from))) {
                return true;
            }
        }
        return false;
    }

    /** The keys matched exactly (after any dotted prefix), sorted: Kafka's PASSWORD keys and the named ones. */
    static Set<String> secretKeys() {
        TreeSet<String> keys = new TreeSet<>(Set.of("sasl.jaas.config", "basic.auth.user.info",
                "sasl.oauthbearer.assertion.private.key.passphrase"));
        for (ConfigDef def : new ConfigDef[] {ProducerConfig.configDef(), ConsumerConfig.configDef(),
                AdminClientConfig.configDef()}) {
            def.configKeys().forEach((name, key) -> {
                if (key.type == ConfigDef.Type.PASSWORD) {
                    keys.add(name.toLowerCase(Locale.ROOT));
                }
            });
        }
        return Collections.unmodifiableSortedSet(keys);
    }

    private static int nextSegment(String key, int from) {
        int dot = key.indexOf('.', from);
        return dot < 0 ? -1 : dot + 1;
    }
}
