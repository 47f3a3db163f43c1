package io.jetway.internal.state;

import com.hazelcast.function.FunctionEx;
import com.hazelcast.jet.core.Processor;
import com.hazelcast.jet.core.ProcessorSupplier;
import io.jetway.spi.state.StateBackendFactory;
import io.jetway.state.StateConfig;
import io.jetway.state.StatefulFunction;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Creates the keyed stateful processors of one member. Holds configuration only; resolves the state
 * backend by name on the member, in the job's class loader, so a backend jar added to the job is found.
 */
public final class KeyedStatefulProcessorSupplier<T, K, S, R> implements ProcessorSupplier {

    private static final long serialVersionUID = 1L;

    private final StateConfig config;
    private final FunctionEx<? super T, ? extends K> keyFn;
    private final StatefulFunction<K, S, T, R> function;
    private transient StateBackendFactory factory;

    /** A supplier of processors that apply {@code function} per key with state in the configured backend. */
    public KeyedStatefulProcessorSupplier(StateConfig config, FunctionEx<? super T, ? extends K> keyFn,
                                          StatefulFunction<K, S, T, R> function) {
        this.config = config;
        this.keyFn = keyFn;
        this.function = function;
    }

    @Override
    public void init(Context context) {
        factory = io.jetway.state.StateBackends.factoryFor(config, context.classLoader());
    }

    @Override
    public Collection<? extends Processor> get(int count) {
        List<Processor> processors = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            processors.add(new KeyedStatefulP<>(config, factory, keyFn, function));
        }
        return processors;
    }
}
