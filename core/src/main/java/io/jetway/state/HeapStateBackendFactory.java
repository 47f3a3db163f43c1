package io.jetway.state;

import io.jetway.internal.state.HeapStateBackend;
import io.jetway.spi.state.StateBackend;
import io.jetway.spi.state.StateBackendContext;
import io.jetway.spi.state.StateBackendFactory;

/**
 * The {@code "heap"} backend: state in plain hash maps in the processor's memory, copied whole into every
 * Jet snapshot, as stock Jet does with its own stateful processors. Fast to read and write, snapshot cost
 * grows with the state: the baseline the {@code kafka-changelog} backend is measured against.
 */
public final class HeapStateBackendFactory implements StateBackendFactory {

    /** The backend's name. */
    public static final String NAME = "heap";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public <K, V> StateBackend<K, V> create(StateBackendContext<K, V> context) {
        return new HeapStateBackend<>(context.ownedStatePartitions(), context.statePartitionCount());
    }
}
