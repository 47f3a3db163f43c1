package io.jetway.examples.imapstate;

import io.jetway.spi.state.StateBackend;
import io.jetway.spi.state.StateBackendContext;
import io.jetway.spi.state.StateBackendFactory;

/**
 * The {@code "imap"} state backend: keyed state kept in Hazelcast IMaps, for users who want Hazelcast itself
 * as the store of their Kafka streams' state (queryable, replicated, survives the job). An example of the
 * state SPI: a jar with this class and its {@code META-INF/services} entry is all a job needs to say
 * {@code StateConfig.backend("imap")}.
 */
public final class IMapStateBackendFactory implements StateBackendFactory {

    @Override
    public String name() {
        return "imap";
    }

    @Override
    public <K, V> StateBackend<K, V> create(StateBackendContext<K, V> context) {
        return new IMapStateBackend<>(context);
    }

    @Override
    public boolean isBlocking() {
        return true;    // IMap calls are remote
    }
}
