package io.jetway.internal.state;

import com.hazelcast.jet.core.Processor;
import com.hazelcast.jet.core.ProcessorSupplier;
import io.jetway.spi.state.StateBackendFactory;
import io.jetway.state.StateConfig;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Creates the keyed stateful processors of one member. Holds configuration only; resolves the state
 * backend by name on the member, in the job's class loader, so a backend jar added to the job is found.
 */
public final class KeyedStateProcessorSupplier implements ProcessorSupplier {

    private static final long serialVersionUID = 1L;

    /** Creates one processor for the resolved backend. */
    @FunctionalInterface
    public interface ProcessorFactory extends Serializable {
        /** A new processor using {@code factory} as configured by {@code config}. */
        Processor create(StateConfig config, StateBackendFactory factory);
    }

    private final StateConfig config;
    private final ProcessorFactory processors;
    private transient StateBackendFactory factory;

    /** A supplier whose processors {@code processors} creates. */
    public KeyedStateProcessorSupplier(StateConfig config, ProcessorFactory processors) {
        this.config = config;
        this.processors = processors;
    }

    @Override
    public void init(Context context) {
        factory = StateBackends.factoryFor(config, context.classLoader());
    }

    @Override
    public Collection<? extends Processor> get(int count) {
        List<Processor> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(processors.create(config, factory));
        }
        return list;
    }
}
