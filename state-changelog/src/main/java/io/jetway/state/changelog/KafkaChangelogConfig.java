package io.jetway.state.changelog;

import io.jetway.kafka.common.KafkaProperties;
import io.jetway.state.StateConfig;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * Typed options of the {@code kafka-changelog} state backend, checked when built:
 * <pre>{@code
 * StateConfig state = KafkaChangelogConfig.builder("127.0.0.1:9092")
 *         .topic("orders-changelog")
 *         .transactionTimeout(Duration.ofMinutes(5))
 *         .kafkaProperty("security.protocol", "SASL_SSL")
 *         .build()
 *         .toStateConfig();
 * }</pre>
 * The builder only writes the string options that {@code StateConfig.backend("kafka-changelog").option(name,
 * value)} sets (each method names its option), and {@link Builder#build()} checks them by the same rules
 * as the backend when the job starts; {@link #toStateConfig()} holds nothing but those strings, so the
 * {@link StateConfig} that travels with the job is the same either way. Immutable.
 * <p>
 * Needs {@code jetway-core} (where {@link StateConfig} lives) on the class path: an optional dependency of
 * this module, which every job that uses a state backend has anyway.
 */
public final class KafkaChangelogConfig {

    private final Map<String, String> options;

    private KafkaChangelogConfig(Map<String, String> options) {
        this.options = Map.copyOf(options);
    }

    /** Starts a builder for a changelog in the Kafka cluster at {@code bootstrapServers} ("host:port,..."). */
    public static Builder builder(String bootstrapServers) {
        return new Builder(requireNonNull(bootstrapServers, "bootstrapServers"));
    }

    /** {@code StateConfig.backend("kafka-changelog")} with these options; add serdes with its {@code serdes}. */
    public StateConfig toStateConfig() {
        StateConfig state = StateConfig.backend(KafkaChangelogStateBackendFactory.NAME);
        for (Map.Entry<String, String> option : options.entrySet()) {
            state = state.option(option.getKey(), option.getValue());
        }
        return state;
    }

    /** The options by name, as the backend reads them (unmodifiable). */
    public Map<String, String> options() {
        return options;
    }

    @Override
    public String toString() {
        return "KafkaChangelogConfig" + KafkaProperties.redacted(options);
    }

    /** Mutable builder of {@link KafkaChangelogConfig}; not thread-safe. Setting an option twice keeps the last. */
    public static final class Builder {

        private final Map<String, String> options = new TreeMap<>();

        private Builder(String bootstrapServers) {
            options.put(ChangelogOptions.BOOTSTRAP_SERVERS, bootstrapServers);
        }

        /**
         * Option {@code topic}: the changelog topic, one partition per state partition. Default
         * {@code <jobName>-<vertexName>-changelog}, with characters Kafka does not allow replaced by {@code _}.
         */
        public Builder topic(String topic) {
            return option(ChangelogOptions.TOPIC, requireNonNull(topic, "topic"));
        }

        /**
         * Option {@code create.topic}: create the topic, compacted, when it is missing; {@code false} fails the
         * job when it is missing. Default {@code true}.
         */
        public Builder createTopic(boolean createTopic) {
            return option(ChangelogOptions.CREATE_TOPIC, String.valueOf(createTopic));
        }

        /**
         * Option {@code replication.factor}: of a topic the backend creates, at least 1. Default the broker's
         * {@code default.replication.factor} ({@code -1}).
         */
        public Builder replicationFactor(short replicationFactor) {
            return option(ChangelogOptions.REPLICATION_FACTOR, String.valueOf(replicationFactor));
        }

        /**
         * Option {@code transaction.timeout.ms}, in whole milliseconds: longer than the longest recovery you
         * expect (the broker aborts a prepared transaction older than this, which fails the job), at most the
         * broker's {@code transaction.max.timeout.ms}. Default 15 minutes.
         */
        public Builder transactionTimeout(Duration timeout) {
            return option(ChangelogOptions.TRANSACTION_TIMEOUT_MS, millis(requireNonNull(timeout, "timeout")));
        }

        /**
         * Option {@code transactional.id.prefix}: the transactional ids are
         * {@code <prefix>-<processorIndex>-<slot>}; two jobs writing at once must not share it. Default
         * {@code <jobName>-<vertexName>}.
         */
        public Builder transactionalIdPrefix(String prefix) {
            return option(ChangelogOptions.TRANSACTIONAL_ID_PREFIX, requireNonNull(prefix, "prefix"));
        }

        /**
         * Option {@code transaction.pool.size}: transactional ids per processor, at least 2 (each snapshot
         * that fails in a row holds one more). Default 3.
         */
        public Builder transactionPoolSize(int size) {
            return option(ChangelogOptions.TRANSACTION_POOL_SIZE, String.valueOf(size));
        }

        /** Option {@code restore.threads}: consumers restoring a processor's changelog partitions. Default 4. */
        public Builder restoreThreads(int threads) {
            return option(ChangelogOptions.RESTORE_THREADS, String.valueOf(threads));
        }

        /**
         * Option {@code restore.stall.timeout.ms}, in whole milliseconds: a restore whose position does not
         * move this long fails (an open transaction blocks {@code read_committed}). Default the transaction
         * timeout + 60 s.
         */
        public Builder restoreStallTimeout(Duration timeout) {
            return option(ChangelogOptions.RESTORE_STALL_TIMEOUT_MS, millis(requireNonNull(timeout, "timeout")));
        }

        /**
         * Option {@code restore.hanging.check.ms}, in whole milliseconds: a restore stalled this long asks the
         * brokers which transactions hold its partitions open, and fails at once, naming them, when one is
         * hanging (no coordinator will ever end it). Default 30 s.
         */
        public Builder restoreHangingCheck(Duration stall) {
            return option(ChangelogOptions.RESTORE_HANGING_CHECK_MS, millis(requireNonNull(stall, "stall")));
        }

        /**
         * Option {@code write.buffer.keys}: changed keys a processor holds before sending their newest values
         * to the changelog (each snapshot's phase 1 sends them all); {@code 0} sends every change as it
         * happens. Default 100000.
         */
        public Builder writeBufferKeys(int keys) {
            return option(ChangelogOptions.WRITE_BUFFER_KEYS, String.valueOf(keys));
        }

        /**
         * Option {@code write.buffer.idle.interval.ms}: a processor with no input at hand sends its held
         * changes once this long has passed since its last round of sends began, so each snapshot's phase 1
         * (the processor waits meanwhile) has at most about this much left to send; {@code 0} at every idle
         * moment; at least the snapshot interval leaves them all to phase 1 (fewest changelog records).
         * Default 100 ms.
         */
        public Builder writeBufferIdleInterval(Duration interval) {
            return option(ChangelogOptions.WRITE_BUFFER_IDLE_INTERVAL_MS, millis(requireNonNull(interval, "interval")));
        }

        /**
         * Option {@code write.buffer.idle.max.keys}: an idle processor sends its held changes only while it holds
         * at most this many keys; one that changes more keys per interval keeps each key's newest value until
         * phase 1, where holding saves the most records. {@code 0} never sends while idle. Default 5000.
         */
        public Builder writeBufferIdleMaxKeys(int keys) {
            return option(ChangelogOptions.WRITE_BUFFER_IDLE_MAX_KEYS, String.valueOf(keys));
        }

        /**
         * Option {@code kafka.<name>}: a Kafka client property (security, SASL, SSL, timeouts; {@code name}
         * without the {@code kafka.} prefix), given to the producers, consumers and admin client that know it.
         * Properties the backend sets itself ({@code transactional.id}, {@code acks}, {@code isolation.level},
         * serializers, ...) are refused. Secrets are redacted wherever options are shown. Default none.
         */
        public Builder kafkaProperty(String name, String value) {
            requireNonNull(name, "name");
            return option(ChangelogOptions.KAFKA_PREFIX + name, requireNonNull(value, () -> "value of " + name));
        }

        /**
         * Checks the options by the rules the backend applies when the job starts, and returns the immutable
         * config.
         *
         * @throws IllegalArgumentException naming the option that is invalid
         */
        public KafkaChangelogConfig build() {
            ChangelogOptions.validate(options);
            return new KafkaChangelogConfig(options);
        }

        private Builder option(String name, String value) {
            options.put(name, value);
            return this;
        }

        // A Duration too long for a long of milliseconds still reaches the option's range check in build().
        private static String millis(Duration duration) {
            try {
                return String.valueOf(duration.toMillis());
            } catch (ArithmeticException e) {
                return String.valueOf(duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE);
            }
        }
    }
}
