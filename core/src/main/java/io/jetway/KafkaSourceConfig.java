package io.jetway;

import io.jetway.kafka.common.KafkaProperties;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import static java.util.Objects.requireNonNull;

/**
 * Immutable settings of a Jetway Kafka source: consumer properties, what to read, and how.
 * <p>
 * Build one with {@link #builder(String)}; {@code build()} checks everything once and names the
 * setting that is wrong. The source owns the key/value deserializers (it always reads
 * {@link java.nio.ByteBuffer} views) and the offsets (they live in Jet snapshots), so setting
 * {@code key.deserializer}, {@code value.deserializer} or {@code enable.auto.commit=true} is an error.
 * Defaults that differ from Kafka's, each overridable: {@code isolation.level=read_committed},
 * {@code receive.buffer.bytes=-1} (the socket buffer sized by the OS).
 */
public final class KafkaSourceConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Map<String, String> consumerProperties;
    private final List<String> topics;
    private final String topicPattern;
    private final StartPosition startPosition;
    private final long partitionDiscoveryIntervalMs;
    private final long startupTimeoutMs;
    private final boolean commitOffsetsToGroup;
    private final int localParallelism;
    private final String deadLetterTopic;

    private KafkaSourceConfig(Builder b) {
        this.consumerProperties = Map.copyOf(b.consumerProperties);
        this.topics = List.copyOf(b.topics);
        this.topicPattern = b.topicPattern;
        this.startPosition = b.startPosition;
        this.partitionDiscoveryIntervalMs = b.partitionDiscoveryInterval.toMillis();
        this.startupTimeoutMs = b.startupTimeout.toMillis();
        this.commitOffsetsToGroup = b.commitOffsetsToGroup;
        this.localParallelism = b.localParallelism;
        this.deadLetterTopic = b.deadLetterTopic;
    }

    /** Starts a builder for a cluster reachable at {@code bootstrapServers} ("host:port,..."). */
    public static Builder builder(String bootstrapServers) {
        return new Builder().property("bootstrap.servers", requireNonNull(bootstrapServers, "bootstrapServers"));
    }

    /** Consumer properties as given (unmodifiable), without the ones the source sets itself. */
    public Map<String, String> consumerProperties() {
        return consumerProperties;
    }

    /** The topics to read; empty when a {@link #topicPattern()} is used. */
    public List<String> topics() {
        return topics;
    }

    /** The regular expression topics must match, or {@code null} when {@link #topics()} are named. */
    public String topicPattern() {
        return topicPattern;
    }

    /** Where partitions without a snapshotted offset start. */
    public StartPosition startPosition() {
        return startPosition;
    }

    /** How often new partitions and (with a pattern) new topics are looked for; 0 = never. */
    public long partitionDiscoveryIntervalMs() {
        return partitionDiscoveryIntervalMs;
    }

    /** How long the source waits for Kafka at job start before it fails. */
    public long startupTimeoutMs() {
        return startupTimeoutMs;
    }

    /** Whether snapshotted offsets are also committed to {@code group.id}, for lag tools (never for recovery). */
    public boolean commitOffsetsToGroup() {
        return commitOffsetsToGroup;
    }

    /** Source processors per member, or -1 for Jet's default (one per cooperative thread). */
    public int localParallelism() {
        return localParallelism;
    }

    /**
     * The topic records the decoder rejects are written to, or {@code null} (the default) to fail the job
     * on such a record instead.
     */
    public String deadLetterTopic() {
        return deadLetterTopic;
    }

    /** A human-readable name of what is read, for vertex names and messages. */
    public String describeTopics() {
        return topicPattern != null ? "pattern '" + topicPattern + "'" : String.join(",", topics);
    }

    @Override
    public String toString() {
        return "KafkaSourceConfig{topics=" + describeTopics() + ", startPosition=" + startPosition
                + ", consumerProperties=" + KafkaProperties.redacted(consumerProperties) + '}';
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KafkaSourceConfig that
                && consumerProperties.equals(that.consumerProperties) && topics.equals(that.topics)
                && Objects.equals(topicPattern, that.topicPattern) && startPosition == that.startPosition
                && partitionDiscoveryIntervalMs == that.partitionDiscoveryIntervalMs
                && startupTimeoutMs == that.startupTimeoutMs && commitOffsetsToGroup == that.commitOffsetsToGroup
                && localParallelism == that.localParallelism
                && Objects.equals(deadLetterTopic, that.deadLetterTopic);
    }

    @Override
    public int hashCode() {
        return Objects.hash(consumerProperties, topics, topicPattern, startPosition);
    }

    /** Mutable builder of {@link KafkaSourceConfig}; not thread-safe. */
    public static final class Builder {
        private final Map<String, String> consumerProperties = new HashMap<>();
        private final List<String> topics = new ArrayList<>();
        private String topicPattern;
        private StartPosition startPosition;
        private Duration partitionDiscoveryInterval = Duration.ofSeconds(10);
        private Duration startupTimeout = Duration.ofSeconds(30);
        private boolean commitOffsetsToGroup;
        private int localParallelism = -1;
        private String deadLetterTopic;

        private Builder() {
        }

        /** Sets one consumer property (security settings pass through untouched). */
        public Builder property(String key, String value) {
            consumerProperties.put(requireNonNull(key, "key"), requireNonNull(value, () -> "value of " + key));
            return this;
        }

        /** Sets several consumer properties. */
        public Builder properties(Map<String, String> properties) {
            properties.forEach(this::property);
            return this;
        }

        /** Adds topics to read. */
        public Builder topics(String... names) {
            for (String name : names) {
                topics.add(requireNonNull(name, "topic name"));
            }
            return this;
        }

        /** Reads every topic whose name matches {@code regex}, including topics created while the job runs. */
        public Builder topicPattern(String regex) {
            this.topicPattern = requireNonNull(regex, "regex");
            return this;
        }

        /** Where partitions without a snapshotted offset start; default from {@code auto.offset.reset}, else EARLIEST. */
        public Builder startPosition(StartPosition position) {
            this.startPosition = requireNonNull(position, "position");
            return this;
        }

        /** How often to look for new partitions and topics; {@code Duration.ZERO} disables discovery. */
        public Builder partitionDiscoveryInterval(Duration interval) {
            this.partitionDiscoveryInterval = requireNonNull(interval, "interval");
            return this;
        }

        /** How long to wait for Kafka when the job starts before failing with an error; default 30 s. */
        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = requireNonNull(timeout, "timeout");
            return this;
        }

        /** Also commit snapshotted offsets to {@code group.id} so that Kafka lag tools see the job's progress. */
        public Builder commitOffsetsToGroup(boolean commit) {
            this.commitOffsetsToGroup = commit;
            return this;
        }

        /** Source processors per member; default: Jet's default for cooperative processors. */
        public Builder localParallelism(int parallelism) {
            this.localParallelism = parallelism;
            return this;
        }

        /**
         * Writes records that the decoder rejects (throws on) to {@code topic}, raw, with headers naming the
         * source topic, partition, offset, timestamp and the error, and goes on. Without it (the default) such
         * a record fails the job. Dead letters are written at least once: after a restore they can repeat.
         * The topic must exist when the job starts (checked like the source topics). Sends never block the
         * source's thread; while too many dead letters are unacknowledged the source pauses. A letter larger
         * than the producer's {@code max.request.size} or the topic's {@code max.message.bytes} keeps the head
         * of its value, with header {@code jetway.dlq.truncated=true} and the original size.
         */
        public Builder deadLetterTopic(String topic) {
            this.deadLetterTopic = requireNonNull(topic, "topic");
            return this;
        }

        /** Validates the settings and returns the immutable config. */
        public KafkaSourceConfig build() {
            if (topics.isEmpty() == (topicPattern == null)) {
                throw new IllegalArgumentException("Give either topics(...) or topicPattern(...), exactly one of them");
            }
            if (topicPattern != null) {
                try {
                    Pattern.compile(topicPattern);
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("topicPattern '" + topicPattern + "' is not a valid regex: "
                            + e.getDescription(), e);
                }
            }
            for (String topic : topics) {
                if (topic.isBlank()) {
                    throw new IllegalArgumentException("topic names must not be blank: " + topics);
                }
            }
            if (deadLetterTopic != null && (deadLetterTopic.isBlank() || topics.contains(deadLetterTopic))) {
                throw new IllegalArgumentException("deadLetterTopic '" + deadLetterTopic
                        + "' must be a non-blank topic that the source does not read");
            }
            for (String owned : List.of("key.deserializer", "value.deserializer")) {
                if (consumerProperties.containsKey(owned)) {
                    throw new IllegalArgumentException("consumer property '" + owned + "' must not be set: the source "
                            + "reads ByteBuffer views and decodes them with its RecordDecoder");
                }
            }
            if ("true".equalsIgnoreCase(consumerProperties.get("enable.auto.commit"))) {
                throw new IllegalArgumentException("'enable.auto.commit=true' is not allowed: offsets live in Jet "
                        + "snapshots; use commitOffsetsToGroup(true) to show progress to lag tools");
            }
            if (commitOffsetsToGroup && !consumerProperties.containsKey("group.id")) {
                throw new IllegalArgumentException("commitOffsetsToGroup(true) needs consumer property 'group.id'");
            }
            if (startPosition == null) {
                String reset = consumerProperties.getOrDefault("auto.offset.reset", "earliest");
                startPosition = switch (reset) {
                    case "earliest" -> StartPosition.EARLIEST;
                    case "latest" -> StartPosition.LATEST;
                    default -> throw new IllegalArgumentException("consumer property 'auto.offset.reset' is '" + reset
                            + "'; the source supports 'earliest' or 'latest' (or use startPosition(...))");
                };
            }
            if (partitionDiscoveryInterval.isNegative()) {
                throw new IllegalArgumentException("partitionDiscoveryInterval must not be negative: "
                        + partitionDiscoveryInterval);
            }
            if (startupTimeout.isNegative() || startupTimeout.isZero()) {
                throw new IllegalArgumentException("startupTimeout must be positive: " + startupTimeout);
            }
            if (localParallelism == 0 || localParallelism < -1) {
                throw new IllegalArgumentException("localParallelism must be positive or -1 (Jet's default): "
                        + localParallelism);
            }
            return new KafkaSourceConfig(this);
        }
    }
}
