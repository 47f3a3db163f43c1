package io.jetway.state.changelog;

import io.jetway.internal.kafka.txn.ReflectiveTransactionResumer;
import io.jetway.internal.kafka.txn.TransactionResumer;
import io.jetway.spi.state.StateBackend;
import io.jetway.spi.state.StateBackendContext;
import io.jetway.spi.state.StateBackendFactory;

import java.util.Set;

/**
 * Creates {@code kafka-changelog} backends: local state off-heap, every change in a compacted Kafka
 * changelog topic, Jet snapshots holding only changelog positions, exactly-once through Kafka
 * transactions that span Jet's two-phase snapshot. Options: see {@link ChangelogOptions} ({@code
 * bootstrap.servers} is required; Kafka client properties as {@code kafka.<property>}).
 * <p>
 * Its backends block on Kafka I/O, so their processors run on threads of their own
 * ({@link #isBlocking()}).
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
