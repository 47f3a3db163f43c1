package io.jetway.state.changelog;

import io.jetway.kafka.common.txn.ReflectiveTransactionResumer;
import io.jetway.kafka.common.txn.TransactionResumer;
import io.jetway.spi.state.StateBackend;
import io.jetway.spi.state.StateBackendContext;
import io.jetway.spi.state.StateBackendFactory;

import java.util.Set;

/**
 * Creates {@code kafka-changelog} backends: local state off-heap, every change in a compacted Kafka
 * changelog topic (changelog partition = state partition), Jet snapshots holding only changelog
 * positions, exactly-once through Kafka transactions that span Jet's two-phase snapshot.
 *
 * <h2>Options</h2>
 * Set them typed with {@link KafkaChangelogConfig} (whose methods name their option and default), or as
 * strings with {@code StateConfig.backend("kafka-changelog").option(name, value)}:
 * <ul>
 *     <li>{@code bootstrap.servers} (required)</li>
 *     <li>{@code topic}: default {@code <jobName>-<vertexName>-changelog}, sanitised</li>
 *     <li>{@code create.topic}: create it, compacted, when missing; default {@code true}</li>
 *     <li>{@code replication.factor}: of a created topic; default the broker's</li>
 *     <li>{@code transaction.timeout.ms}: default 900000; must exceed the longest recovery, and be at most
 *     the broker's {@code transaction.max.timeout.ms}</li>
 *     <li>{@code transactional.id.prefix}: default {@code <jobName>-<vertexName>}; ids are
 *     {@code <prefix>-<processorIndex>-<slot>}</li>
 *     <li>{@code transaction.pool.size}: transactional ids per processor, default 3 (each snapshot that
 *     fails in a row holds one more)</li>
 *     <li>{@code write.buffer.keys}: changed keys a processor holds before sending their newest values to
 *     the changelog, default 100000; each snapshot's phase 1 sends them all; {@code 0} sends every
 *     change as it happens</li>
 *     <li>{@code write.buffer.idle.interval.ms}: a processor with no input at hand sends its held changes once
 *     this long has passed since its last round of sends began, default 100, so phase 1 has little left to
 *     send; {@code 0} at every idle moment; at least the snapshot interval leaves them all to phase 1</li>
 *     <li>{@code write.buffer.idle.max.keys}: an idle processor sends only while it holds at most this many
 *     changed keys, default 5000; {@code 0} never sends while idle</li>
 *     <li>{@code restore.threads}: consumers restoring a processor's partitions in parallel, default 4</li>
 *     <li>{@code restore.stall.timeout.ms}: fail a restore that makes no progress this long; default
 *     transaction timeout + 60 s</li>
 *     <li>{@code restore.hanging.check.ms}: a restore stalled this long asks the brokers whether a hanging
 *     transaction holds it, and if so fails at once naming it; default 30000</li>
 *     <li>{@code kafka.<property>}: any Kafka client property (security, SASL, SSL, timeouts), passed to the
 *     clients that know it; secrets are redacted wherever options are logged. Properties the backend
 *     sets itself ({@code transactional.id}, {@code acks}, {@code isolation.level}, serializers, ...) are
 *     refused.</li>
 * </ul>
 * The job's guarantee decides the writes: exactly-once uses transactions; at-least-once (or none, where
 * Jet takes no snapshots to commit them) uses one idempotent producer and restores up to the snapshot's
 * offsets.
 * <p>
 * Store calls touch only local memory (and hand records to the producer only while its buffer has room
 * for them, so that a send never blocks: a change it has no room for waits in the write-behind buffer),
 * so the processors stay cooperative; the snapshot phases wait for Kafka ({@link #isSnapshotBlocking()})
 * and run on a thread of their own.
 */
public final class KafkaChangelogStateBackendFactory implements StateBackendFactory {

    /** The name to select this backend by. */
    public static final String NAME = "kafka-changelog";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean isBlocking() {
        return false;
    }

    @Override
    public boolean isSnapshotBlocking() {
        return true;
    }

    /** The option names; {@code kafka.*} stands for any {@code kafka.}-prefixed Kafka client property. */
    @Override
    public Set<String> supportedOptions() {
        return ChangelogOptions.NAMES;
    }

    /**
     * Validates the options and, for an exactly-once job, that this kafka-clients lets a prepared
     * transaction be resumed; connects nothing yet.
     *
     * @throws IllegalArgumentException naming an invalid option
     * @throws IllegalStateException naming the kafka-clients version when its internals are not as expected
     */
    @Override
    public <K, V> StateBackend<K, V> create(StateBackendContext<K, V> context) {
        ChangelogOptions options = ChangelogOptions.parse(context.options(), context.jobName(), context.vertexName());
        TransactionResumer resumer = context.exactlyOnce() ? ReflectiveTransactionResumer.instance() : null;
        return new KafkaChangelogStateBackend<>(context, options, resumer);
    }
}
