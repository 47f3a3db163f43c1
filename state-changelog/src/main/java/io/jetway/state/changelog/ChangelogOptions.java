package io.jetway.state.changelog;

import io.jetway.kafka.common.KafkaProperties;
import io.jetway.kafka.common.txn.TransactionalIdScheme;
import io.jetway.kafka.common.txn.TransactionalProducerPool;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The options of the {@code kafka-changelog} backend, validated when the backend is created so that a
 * wrong one fails the job before anything runs. Errors name the option.
 *
 * <table>
 *     <caption>Options</caption>
 *     <tr><th>name</th><th>default</th><th>meaning</th></tr>
 *     <tr><td>{@code bootstrap.servers}</td><td>(required)</td><td>Kafka brokers</td></tr>
 *     <tr><td>{@code topic}</td><td>{@code <jobName>-<vertexName>-changelog}</td><td>changelog topic, one
 *     partition per state partition</td></tr>
 *     <tr><td>{@code create.topic}</td><td>{@code true}</td><td>create the topic (compacted) when missing</td></tr>
 *     <tr><td>{@code replication.factor}</td><td>the broker's {@code default.replication.factor}</td><td>for a
 *     created topic</td></tr>
 *     <tr><td>{@code transaction.timeout.ms}</td><td>{@code 900000}</td><td>must exceed the longest recovery:
 *     a prepared transaction older than this is aborted by the broker</td></tr>
 *     <tr><td>{@code transactional.id.prefix}</td><td>{@code <jobName>-<vertexName>}</td><td>ids are
 *     {@code <prefix>-<processorIndex>-<slot>}</td></tr>
 *     <tr><td>{@code transaction.pool.size}</td><td>{@code 3}</td><td>transactional ids per processor (>= 2)</td></tr>
 *     <tr><td>{@code restore.threads}</td><td>{@code 4}</td><td>consumers restoring a processor's partitions</td></tr>
 *     <tr><td>{@code write.buffer.keys}</td><td>{@code 100000}</td><td>changed keys a processor holds before
 *     sending their newest values to the changelog; each snapshot's phase 1 sends them all. {@code 0}
 *     sends every change as it happens. Either way a change the producer has no room for yet (its
 *     {@code buffer.memory} full of unacknowledged records) is held like that instead of blocking the
 *     processor: {@code kafka.buffer.memory} must hold at least (owned partitions + 3) x
 *     {@code batch.size}</td></tr>
 *     <tr><td>{@code write.buffer.idle.interval.ms}</td><td>{@code 100}</td><td>a processor with no input at
 *     hand sends its held changes (as the producer has room) once this long has passed since its last round
 *     of sends began, so phase 1, during which it waits, has at most about this much left to send; {@code 0}
 *     at every idle moment; a value of at least the snapshot interval leaves them all to phase 1 (fewest
 *     changelog records)</td></tr>
 *     <tr><td>{@code write.buffer.idle.max.keys}</td><td>{@code 5000}</td><td>an idle processor sends only
 *     while it holds at most this many changed keys: one that changes more keys per interval keeps each
 *     key's newest value until phase 1, where holding saves the most records; {@code 0} never sends while
 *     idle</td></tr>
 *     <tr><td>{@code restore.stall.timeout.ms}</td><td>transaction timeout + 60 s</td><td>fail a restore whose
 *     position does not move for this long (an open transaction blocks {@code read_committed})</td></tr>
 *     <tr><td>{@code restore.hanging.check.ms}</td><td>{@code 30000}</td><td>a restore stalled this long asks
 *     the brokers which transactions hold its partitions open, and fails at once, naming them, when one is
 *     hanging (no coordinator will ever end it)</td></tr>
 *     <tr><td>{@code kafka.<property>}</td><td></td><td>any Kafka client property (security, SASL, SSL,
 *     timeouts), passed to the producers, consumers and admin client that know it (to all when none
 *     does); secrets are redacted wherever options are logged</td></tr>
 * </table>
 */
final class ChangelogOptions {

    static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    static final String TOPIC = "topic";
    static final String CREATE_TOPIC = "create.topic";
    static final String REPLICATION_FACTOR = "replication.factor";
    static final String TRANSACTION_TIMEOUT_MS = "transaction.timeout.ms";
    static final String TRANSACTIONAL_ID_PREFIX = "transactional.id.prefix";
    static final String TRANSACTION_POOL_SIZE = "transaction.pool.size";
    static final String RESTORE_THREADS = "restore.threads";
    static final String RESTORE_STALL_TIMEOUT_MS = "restore.stall.timeout.ms";
    static final String RESTORE_HANGING_CHECK_MS = "restore.hanging.check.ms";
    static final String WRITE_BUFFER_KEYS = "write.buffer.keys";
    static final String WRITE_BUFFER_IDLE_INTERVAL_MS = "write.buffer.idle.interval.ms";
    static final String WRITE_BUFFER_IDLE_MAX_KEYS = "write.buffer.idle.max.keys";
    static final String KAFKA_PREFIX = "kafka.";

    /** The option names, and {@code kafka.*} for the client properties. */
    static final Set<String> NAMES = Set.of(BOOTSTRAP_SERVERS, TOPIC, CREATE_TOPIC, REPLICATION_FACTOR,
            TRANSACTION_TIMEOUT_MS, TRANSACTIONAL_ID_PREFIX, TRANSACTION_POOL_SIZE, RESTORE_THREADS,
            RESTORE_STALL_TIMEOUT_MS, RESTORE_HANGING_CHECK_MS, WRITE_BUFFER_KEYS, WRITE_BUFFER_IDLE_INTERVAL_MS, WRITE_BUFFER_IDLE_MAX_KEYS,
            KAFKA_PREFIX + "*");

    // Set by the backend itself: a user value would break exactly-once or the byte[] records.
    private static final Set<String> RESERVED_CLIENT_PROPERTIES = Set.of(
            ProducerConfig.TRANSACTIONAL_ID_CONFIG, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, ProducerConfig.ACKS_CONFIG,
            ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            ConsumerConfig.GROUP_ID_CONFIG, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, BOOTSTRAP_SERVERS);

    // Stand-ins for validate(), which runs before any job exists: the names only fill in the defaults of
    // 'topic' and 'transactional.id.prefix', sanitised, so no rule depends on them.
    private static final String ANY_JOB = "job";
    private static final String ANY_VERTEX = "vertex";

    private static final int MAX_TOPIC_LENGTH = 249;
    private static final int DEFAULT_TIMEOUT_MS = 900_000;
    private static final int DEFAULT_POOL_SIZE = 3;
    private static final int DEFAULT_RESTORE_THREADS = 4;
    private static final int DEFAULT_WRITE_BUFFER_KEYS = 100_000;
    private static final int DEFAULT_WRITE_BUFFER_IDLE_INTERVAL_MS = 100;
    private static final int DEFAULT_WRITE_BUFFER_IDLE_MAX_KEYS = 5_000;
    private static final int DEFAULT_HANGING_CHECK_MS = 30_000;
    // kafka-clients' defaults of buffer.memory and batch.size
    private static final long DEFAULT_BUFFER_MEMORY = 32L * 1024 * 1024;
    private static final long DEFAULT_BATCH_SIZE = 16_384;

    private final String topic;
    private final boolean createTopic;
    private final short replicationFactor;
    private final int transactionTimeoutMs;
    private final TransactionalIdScheme transactionalIds;
    private final int poolSize;
    private final int restoreThreads;
    private final long restoreStallTimeoutMs;
    private final long restoreHangingCheckMs;
    private final int writeBufferKeys;
    private final int writeBufferIdleIntervalMs;
    private final int writeBufferIdleMaxKeys;
    private final Map<String, String> clientProperties;

    private ChangelogOptions(Map<String, String> options, String jobName, String vertexName) {
        for (String key : options.keySet()) {
            if (!NAMES.contains(key) && !key.startsWith(KAFKA_PREFIX)) {
                throw new IllegalArgumentException("Unknown option '" + key + "' of state backend 'kafka-changelog'. "
                        + "Options: " + new TreeSet<>(NAMES));
            }
        }
        Map<String, String> client = new TreeMap<>();
        options.forEach((key, value) -> {
            if (key.startsWith(KAFKA_PREFIX)) {
                String property = key.substring(KAFKA_PREFIX.length());
                if (RESERVED_CLIENT_PROPERTIES.contains(property)) {
                    throw new IllegalArgumentException("Option '" + key + "' is not allowed: the kafka-changelog "
                            + "backend sets '" + property + "' itself"
                            + (property.equals(BOOTSTRAP_SERVERS) ? " from option 'bootstrap.servers'"
                            : property.equals(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG)
                            ? " from option 'transaction.timeout.ms'" : ""));
                }
                if (property.isEmpty()) {
                    throw new IllegalArgumentException("Option '" + key + "' names no Kafka client property: "
                            + "'kafka.<property>', e.g. 'kafka.security.protocol'");
                }
                client.put(property, value);
            }
        });
        String servers = options.get(BOOTSTRAP_SERVERS);
        if (servers == null || servers.isBlank()) {
            throw new IllegalArgumentException("Option 'bootstrap.servers' of state backend 'kafka-changelog' is "
                    + "required");
        }
        client.put(BOOTSTRAP_SERVERS, servers);
        this.clientProperties = Map.copyOf(client);
        this.topic = topicName(options.get(TOPIC), jobName, vertexName);
        this.createTopic = bool(options, CREATE_TOPIC, true);
        int replication = integer(options, REPLICATION_FACTOR, -1, -1);
        if (replication == 0 || replication > Short.MAX_VALUE) {
            throw new IllegalArgumentException("Option 'replication.factor' must be >= 1 (or -1 for the broker's "
                    + "default), was " + replication);
        }
        this.replicationFactor = (short) replication;
        this.transactionTimeoutMs = integer(options, TRANSACTION_TIMEOUT_MS, DEFAULT_TIMEOUT_MS, 1);
        String prefix = options.get(TRANSACTIONAL_ID_PREFIX);
        if (prefix != null && prefix.isEmpty()) {
            throw new IllegalArgumentException("Option 'transactional.id.prefix' cannot be empty; leave it out for "
                    + "the default <jobName>-<vertexName>");
        }
        this.transactionalIds = prefix != null ? new TransactionalIdScheme(TransactionalIdScheme.sanitize(prefix))
                : TransactionalIdScheme.of(jobName, vertexName);
        this.poolSize = integer(options, TRANSACTION_POOL_SIZE, DEFAULT_POOL_SIZE, TransactionalProducerPool.MIN_SIZE);
        this.restoreThreads = integer(options, RESTORE_THREADS, DEFAULT_RESTORE_THREADS, 1);
        int defaultStallTimeoutMs = (int) Math.min(Integer.MAX_VALUE, transactionTimeoutMs + 60_000L);
        this.restoreStallTimeoutMs = integer(options, RESTORE_STALL_TIMEOUT_MS, defaultStallTimeoutMs, 1);
        this.restoreHangingCheckMs = integer(options, RESTORE_HANGING_CHECK_MS, DEFAULT_HANGING_CHECK_MS, 1);
        this.writeBufferKeys = integer(options, WRITE_BUFFER_KEYS, DEFAULT_WRITE_BUFFER_KEYS, 0);
        this.writeBufferIdleIntervalMs = integer(options, WRITE_BUFFER_IDLE_INTERVAL_MS,
                DEFAULT_WRITE_BUFFER_IDLE_INTERVAL_MS, 0);
        this.writeBufferIdleMaxKeys = integer(options, WRITE_BUFFER_IDLE_MAX_KEYS, DEFAULT_WRITE_BUFFER_IDLE_MAX_KEYS, 0);
        producerBufferMemory();
        producerBatchSize();
    }

    /**
     * Parses and validates {@code options}.
     *
     * @throws IllegalArgumentException naming the option that is missing, unknown or invalid
     */
    static ChangelogOptions parse(Map<String, String> options, String jobName, String vertexName) {
        return new ChangelogOptions(options, jobName, vertexName);
    }

    /**
     * Checks {@code options} by the rules of {@link #parse} before any job exists, as
     * {@link KafkaChangelogConfig.Builder#build()} does.
     *
     * @throws IllegalArgumentException naming the option that is missing, unknown or invalid
     */
    static void validate(Map<String, String> options) {
        parse(options, ANY_JOB, ANY_VERTEX);
    }

    String topic() {
        return topic;
    }

    boolean createTopic() {
        return createTopic;
    }

    /** The replication factor of a created topic, -1 for the broker's default. */
    short replicationFactor() {
        return replicationFactor;
    }

    int transactionTimeoutMs() {
        return transactionTimeoutMs;
    }

    TransactionalIdScheme transactionalIds() {
        return transactionalIds;
    }

    int poolSize() {
        return poolSize;
    }

    int restoreThreads() {
        return restoreThreads;
    }

    long restoreStallTimeoutMs() {
        return restoreStallTimeoutMs;
    }

    long restoreHangingCheckMs() {
        return restoreHangingCheckMs;
    }

    /** Changed keys held before their newest values are sent; 0 to send every change at once. */
    int writeBufferKeys() {
        return writeBufferKeys;
    }

    /** The least time between the rounds of held changes an idle processor sends, in ms. */
    int writeBufferIdleIntervalMs() {
        return writeBufferIdleIntervalMs;
    }

    /** The most changed keys an idle processor holds and still sends. */
    int writeBufferIdleMaxKeys() {
        return writeBufferIdleMaxKeys;
    }

    /** The producers' {@code buffer.memory}: the user's {@code kafka.buffer.memory}, else Kafka's default. */
    long producerBufferMemory() {
        return clientLong(ProducerConfig.BUFFER_MEMORY_CONFIG, DEFAULT_BUFFER_MEMORY);
    }

    /** The producers' {@code batch.size}: the user's {@code kafka.batch.size}, else Kafka's default. */
    int producerBatchSize() {
        long batchSize = clientLong(ProducerConfig.BATCH_SIZE_CONFIG, DEFAULT_BATCH_SIZE);
        if (batchSize > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Option 'kafka.batch.size' must be an int, was " + batchSize);
        }
        return (int) batchSize;
    }

    private long clientLong(String property, long defaultValue) {
        String value = clientProperties.get(property);
        if (value == null) {
            return defaultValue;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed < 0) {
                throw new IllegalArgumentException("Option 'kafka." + property + "' must be >= 0, was " + parsed);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Option 'kafka." + property + "' must be an integer, was '" + value
                    + "'", e);
        }
    }

    /** Producer properties: the user's, then what exactly-once needs; no transactional id when null. */
    Map<String, Object> producerProperties(String clientId, String transactionalId) {
        Map<String, Object> props = propertiesFor(ProducerConfig.configNames());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        if (transactionalId != null) {
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
            props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, transactionTimeoutMs);
        }
        return props;
    }

    /** Consumer properties for a restore: no group, explicit seeks, the given isolation level. */
    Map<String, Object> consumerProperties(String clientId, boolean readCommitted) {
        Map<String, Object> props = propertiesFor(ConsumerConfig.configNames());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted");
        props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        // A restore reads data that is there; waiting for more only delays the end of each partition.
        props.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
        return props;
    }

    /** Admin client properties. */
    Map<String, Object> adminProperties(String clientId) {
        Map<String, Object> props = propertiesFor(AdminClientConfig.configNames());
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        return props;
    }

    /** The client id of one of processor {@code processorIndex}'s clients: its transactional id prefix and role. */
    String clientId(int processorIndex, String role) {
        return "jetway-changelog-" + transactionalIds().prefix() + "-" + processorIndex + "-" + role;
    }

    /** The Kafka client properties with every secret redacted, for logs and errors. */
    Map<String, String> redactedClientProperties() {
        return KafkaProperties.redacted(clientProperties);
    }

    private Map<String, Object> propertiesFor(Set<String> known) {
        Map<String, Object> props = new HashMap<>();
        clientProperties.forEach((key, value) -> {
            boolean knownToSomeClient = ProducerConfig.configNames().contains(key)
                    || ConsumerConfig.configNames().contains(key) || AdminClientConfig.configNames().contains(key);
            if (known.contains(key) || !knownToSomeClient) {
                props.put(key, value);
            }
        });
        return props;
    }

    private static String topicName(String configured, String jobName, String vertexName) {
        if (configured != null) {
            if (configured.isEmpty() || configured.length() > MAX_TOPIC_LENGTH || configured.equals(".")
                    || configured.equals("..") || !TransactionalIdScheme.sanitize(configured).equals(configured)) {
                throw new IllegalArgumentException("Option 'topic' is not a legal Kafka topic name (letters, digits, "
                        + "'.', '_', '-', at most " + MAX_TOPIC_LENGTH + " characters): '" + configured + "'");
            }
            return configured;
        }
        String name = TransactionalIdScheme.sanitize(jobName) + "-" + TransactionalIdScheme.sanitize(vertexName)
                + "-changelog";
        if (name.length() > MAX_TOPIC_LENGTH) {
            String hash = Integer.toHexString(name.hashCode());
            name = name.substring(0, MAX_TOPIC_LENGTH - hash.length() - 1) + "-" + hash;
        }
        return name;
    }

    private static boolean bool(Map<String, String> options, String key, boolean defaultValue) {
        String value = options.get(key);
        if (value == null) {
            return defaultValue;
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw new IllegalArgumentException("Option '" + key + "' must be true or false, was '" + value + "'");
        }
    }

    private static int integer(Map<String, String> options, String key, int defaultValue, int min) {
        String value = options.get(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < min) {
                throw new IllegalArgumentException("Option '" + key + "' must be >= " + min + ", was " + parsed);
            }
            return parsed;
        } catch (NumberFormatException e) {
            // A number that only overflows an int (a Duration of 25 days in ms, say) gets the range, not "integer".
            String what = value.trim().matches("[+-]?\\d+") ? "an integer from " + min + " to " + Integer.MAX_VALUE
                    : "an integer";
            throw new IllegalArgumentException("Option '" + key + "' must be " + what + ", was '" + value + "'", e);
        }
    }
}
