package io.jetway;

import io.jetway.kafka.common.KafkaProperties;

import java.io.Serializable;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import static java.util.Objects.requireNonNull;

/**
 * Immutable settings of a Jetway Kafka sink ({@link JetwaySinks}): producer properties, the topic, and
 * how exactly-once works.
 * <p>
 * Build one with {@link #builder(String)}; {@code build()} checks everything once and names the setting
 * that is wrong. The sink owns the serializers (it sends the {@link java.nio.ByteBuffer}s of its
 * {@link io.jetway.spi.codec.RecordEncoder}), idempotence and the transactional ids, so setting
 * {@code key.serializer}, {@code value.serializer}, {@code transactional.id} or
 * {@code enable.idempotence=false} is an error. Security settings (SASL, SSL) pass through untouched and are
 * redacted wherever the sink logs or reports properties.
 *
 * <h2>Guarantees</h2>
 * When the job runs {@code EXACTLY_ONCE} (and {@link #exactlyOnce()} is left on), each sink processor writes
 * in a Kafka transaction per snapshot, committed in snapshot phase 2; consumers that read
 * {@code read_committed} see every item once. Otherwise it writes with an idempotent producer that is
 * flushed at every snapshot: at least once.
 *
 * <h2>{@code transaction.timeout.ms}</h2>
 * A transaction prepared at snapshot N is committed in phase 2, or, when the job fails between the phases,
 * by the restarted job. If the broker aborts it first because it was open longer than
 * {@code transaction.timeout.ms}, its records cannot be written again (the input positions of snapshot N are
 * already past them): the sink then fails the job with an error that says so, never silently. So the
 * timeout must exceed the longest recovery you expect (failure detection + restart + restore), and at most
 * the broker's {@code transaction.max.timeout.ms} (15 minutes by default, which is also the sink's default).
 * A transaction older than half the timeout at phase 1 makes the sink restart the job from the previous
 * snapshot instead of preparing it.
 */
public final class KafkaSinkConfig implements Serializable {

    /** The default {@code transaction.timeout.ms}: 15 minutes, the broker's default maximum. */
    public static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofMinutes(15);

    private static final long serialVersionUID = 1L;
    private static final String TRANSACTION_TIMEOUT_MS = "transaction.timeout.ms";

    private final Map<String, String> producerProperties;
    private final String topic;
    private final boolean exactlyOnce;
    private final long transactionTimeoutMs;
    private final String transactionalIdPrefix;
    private final int transactionalIdPoolSize;
    private final int localParallelism;
    private final long startupTimeoutMs;

    private KafkaSinkConfig(Builder b, Map<String, String> producerProperties, long transactionTimeoutMs) {
        this.producerProperties = Map.copyOf(producerProperties);
        this.topic = b.topic;
        this.exactlyOnce = b.exactlyOnce;
        this.transactionTimeoutMs = transactionTimeoutMs;
        this.transactionalIdPrefix = b.transactionalIdPrefix;
        this.transactionalIdPoolSize = b.transactionalIdPoolSize;
        this.localParallelism = b.localParallelism;
        this.startupTimeoutMs = b.startupTimeout.toMillis();
    }

    /** Starts a builder for a cluster reachable at {@code bootstrapServers} ("host:port,..."). */
    public static Builder builder(String bootstrapServers) {
        return new Builder().property("bootstrap.servers", requireNonNull(bootstrapServers, "bootstrapServers"));
    }

    /** Producer properties as given (unmodifiable), without the ones the sink sets itself. */
    public Map<String, String> producerProperties() {
        return producerProperties;
    }

    /** The topic every item goes to, or {@code null} when a topic function picks it per item. */
    public String topic() {
        return topic;
    }

    /** Whether the sink uses Kafka transactions when the job is {@code EXACTLY_ONCE} (the default). */
    public boolean exactlyOnce() {
        return exactlyOnce;
    }

    /** {@code transaction.timeout.ms} of the sink's transactional producers. */
    public long transactionTimeoutMs() {
        return transactionTimeoutMs;
    }

    /**
     * The prefix of the sink's transactional ids, or {@code null} (the default) for
     * {@code <jobName>-<vertexName>}: two jobs writing at once must not share it.
     */
    public String transactionalIdPrefix() {
        return transactionalIdPrefix;
    }

    /** Transactional ids (one producer each) per sink processor; at least 2. */
    public int transactionalIdPoolSize() {
        return transactionalIdPoolSize;
    }

    /** Sink processors per member. */
    public int localParallelism() {
        return localParallelism;
    }

    /** How long the sink waits for Kafka when the job starts (topic check, recovery) before it fails. */
    public long startupTimeoutMs() {
        return startupTimeoutMs;
    }

    @Override
    public String toString() {
        return "KafkaSinkConfig{topic=" + (topic == null ? "(per item)" : topic) + ", exactlyOnce=" + exactlyOnce
                + ", transactionTimeoutMs=" + transactionTimeoutMs + ", producerProperties="
                + KafkaProperties.redacted(producerProperties) + '}';
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KafkaSinkConfig that
                && producerProperties.equals(that.producerProperties) && Objects.equals(topic, that.topic)
                && exactlyOnce == that.exactlyOnce && transactionTimeoutMs == that.transactionTimeoutMs
                && Objects.equals(transactionalIdPrefix, that.transactionalIdPrefix)
                && transactionalIdPoolSize == that.transactionalIdPoolSize
                && localParallelism == that.localParallelism && startupTimeoutMs == that.startupTimeoutMs;
    }

    @Override
    public int hashCode() {
        return Objects.hash(producerProperties, topic, exactlyOnce, transactionTimeoutMs);
    }

    /** Mutable builder of {@link KafkaSinkConfig}; not thread-safe. */
    public static final class Builder {
        private final Map<String, String> producerProperties = new HashMap<>();
        private String topic;
        private boolean exactlyOnce = true;
        private long transactionTimeoutMs = -1;
        private String transactionalIdPrefix;
        private int transactionalIdPoolSize = 3;
        private int localParallelism = 2;
        private Duration startupTimeout = Duration.ofSeconds(60);

        private Builder() {
        }

        /** Sets one producer property (security settings pass through untouched). */
        public Builder property(String key, String value) {
            producerProperties.put(requireNonNull(key, "key"), requireNonNull(value, () -> "value of " + key));
            return this;
        }

        /** Sets several producer properties. */
        public Builder properties(Map<String, String> properties) {
            properties.forEach(this::property);
            return this;
        }

        /** The topic every item goes to; not needed when the sink is given a topic function. */
        public Builder topic(String name) {
            this.topic = requireNonNull(name, "topic");
            return this;
        }

        /**
         * {@code false} writes at least once even in an {@code EXACTLY_ONCE} job (no transactions: output is
         * visible at once, and repeats after a restart). Default {@code true}.
         */
        public Builder exactlyOnce(boolean exactlyOnce) {
            this.exactlyOnce = exactlyOnce;
            return this;
        }

        /**
         * {@code transaction.timeout.ms}: longer than the longest recovery, at most the broker's
         * {@code transaction.max.timeout.ms}; default {@link #DEFAULT_TRANSACTION_TIMEOUT}. Same as setting
         * the producer property.
         */
        public Builder transactionTimeout(Duration timeout) {
            this.transactionTimeoutMs = requireNonNull(timeout, "timeout").toMillis();
            return this;
        }

        /** The prefix of the transactional ids; default {@code <jobName>-<vertexName>}. */
        public Builder transactionalIdPrefix(String prefix) {
            this.transactionalIdPrefix = requireNonNull(prefix, "prefix");
            return this;
        }

        /**
         * Transactional ids per processor, default 3: one prepared, one open, and one that protocol 1
         * (pre-KIP-890 brokers) can reuse without a new producer; each snapshot failing in a row holds one more.
         */
        public Builder transactionalIdPoolSize(int size) {
            this.transactionalIdPoolSize = size;
            return this;
        }

        /** Sink processors per member; default 2. */
        public Builder localParallelism(int parallelism) {
            this.localParallelism = parallelism;
            return this;
        }

        /** How long to wait for Kafka when the job starts before failing with an error; default 60 s. */
        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = requireNonNull(timeout, "timeout");
            return this;
        }

        /** Validates the settings and returns the immutable config. */
        public KafkaSinkConfig build() {
            if (topic != null && topic.isBlank()) {
                throw new IllegalArgumentException("topic must not be blank");
            }
            for (String owned : new String[]{"key.serializer", "value.serializer"}) {
                if (producerProperties.containsKey(owned)) {
                    throw new IllegalArgumentException("producer property '" + owned + "' must not be set: the sink "
                            + "sends the ByteBuffers of its RecordEncoder");
                }
            }
            if (producerProperties.containsKey("transactional.id")) {
                throw new IllegalArgumentException("producer property 'transactional.id' must not be set: the sink "
                        + "derives one id per processor and snapshot slot from transactionalIdPrefix (default "
                        + "<jobName>-<vertexName>), so that a restarted job can find and fence its predecessors");
            }
            if ("false".equalsIgnoreCase(producerProperties.get("enable.idempotence"))) {
                throw new IllegalArgumentException("'enable.idempotence=false' is not allowed: the sink needs an "
                        + "idempotent producer (retries must not write a record twice)");
            }
            String acks = producerProperties.get("acks");
            if (acks != null && !acks.equals("all") && !acks.equals("-1")) {
                throw new IllegalArgumentException("producer property 'acks=" + acks + "' is not allowed: an "
                        + "idempotent producer needs acks=all");
            }
            Map<String, String> properties = new HashMap<>(producerProperties);
            long timeoutMs = transactionTimeoutMs;
            String property = properties.remove(TRANSACTION_TIMEOUT_MS);
            if (property != null) {
                long fromProperty;
                try {
                    fromProperty = Long.parseLong(property.trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("producer property '" + TRANSACTION_TIMEOUT_MS + "' must be "
                            + "a number of milliseconds, not '" + property + "'", e);
                }
                if (timeoutMs >= 0 && timeoutMs != fromProperty) {
                    throw new IllegalArgumentException("transactionTimeout(" + Duration.ofMillis(timeoutMs)
                            + ") contradicts producer property '" + TRANSACTION_TIMEOUT_MS + "=" + property + "'");
                }
                timeoutMs = fromProperty;
            }
            if (timeoutMs < 0) {
                timeoutMs = DEFAULT_TRANSACTION_TIMEOUT.toMillis();
            }
            if (timeoutMs < 1_000 || timeoutMs > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("transaction timeout must be between 1 s and "
                        + Integer.MAX_VALUE + " ms: " + timeoutMs + " ms");
            }
            if (transactionalIdPrefix != null && transactionalIdPrefix.isBlank()) {
                throw new IllegalArgumentException("transactionalIdPrefix must not be blank");
            }
            if (transactionalIdPoolSize < 2) {
                throw new IllegalArgumentException("transactionalIdPoolSize must be at least 2 (one prepared, one "
                        + "open transaction): " + transactionalIdPoolSize);
            }
            if (localParallelism < 1) {
                throw new IllegalArgumentException("localParallelism must be positive: " + localParallelism);
            }
            if (startupTimeout.isNegative() || startupTimeout.isZero()) {
                throw new IllegalArgumentException("startupTimeout must be positive: " + startupTimeout);
            }
            return new KafkaSinkConfig(this, properties, timeoutMs);
        }
    }
}
