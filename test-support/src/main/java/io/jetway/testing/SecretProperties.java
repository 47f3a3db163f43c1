package io.jetway.testing;

import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Kafka client properties whose values must never be printed, for tests of redaction: every property
 * that Kafka's producer, consumer and admin {@link ConfigDef}s type as {@link ConfigDef.Type#PASSWORD},
 * plus {@code sasl.jaas.config}, {@code basic.auth.user.info} and
 * {@code sasl.oauthbearer.assertion.private.key.passphrase}. Setting them under {@code PLAINTEXT} is
 * harmless: the clients read them only for SSL or SASL.
 */
public final class SecretProperties {

    private SecretProperties() {
    }

    /**
     * Each secret property, sorted by name, with a value that contains {@code marker}: {@code marker + "-" +
     * name}, and for {@code sasl.jaas.config} a PLAIN login line whose password is {@code marker}.
     */
    public static Map<String, String> markedWith(String marker) {
        Map<String, String> secrets = new TreeMap<>();
        for (String name : new String[] {"basic.auth.user.info", "sasl.oauthbearer.assertion.private.key.passphrase"}) {
            secrets.put(name, marker + "-" + name);
        }
        for (ConfigDef def : new ConfigDef[] {ProducerConfig.configDef(), ConsumerConfig.configDef(),
                AdminClientConfig.configDef()}) {
            def.configKeys().forEach((name, key) -> {
                if (key.type == ConfigDef.Type.PASSWORD) {
                    secrets.put(name, marker + "-" + name);
                }
            });
        }
        secrets.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                + "username=\"jetway\" password=\"" + marker + "\";");
        return secrets;
    }
}
