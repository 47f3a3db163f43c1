package io.jetway.internal.state;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.config.ProcessingGuarantee;
import com.hazelcast.jet.core.Processor;
import com.hazelcast.logging.ILogger;
import io.jetway.spi.state.StateBackendContext;
import io.jetway.spi.state.StateSerde;

import java.util.Map;

/** The {@link StateBackendContext} of a Jetway stateful processor, built from Jet's processor context. */
final class ProcessorStateContext<K, V> implements StateBackendContext<K, V> {

    private final Processor.Context context;
    private final int statePartitionCount;
    private final int[] owned;
    private final Map<String, String> options;
    private final StateSerde<K> keySerde;
    private final StateSerde<V> valueSerde;

    ProcessorStateContext(Processor.Context context, int statePartitionCount, int[] owned, Map<String, String> options,
                          StateSerde<K> keySerde, StateSerde<V> valueSerde) {
        this.context = context;
        this.statePartitionCount = statePartitionCount;
        this.owned = owned.clone();
        this.options = options;
        this.keySerde = keySerde;
        this.valueSerde = valueSerde;
    }

    @Override
    public String jobName() {
        String name = context.jobConfig().getName();
        return name != null ? name : Long.toHexString(context.jobId());
    }

    @Override
    public long jobId() {
        return context.jobId();
    }

    @Override
    public String vertexName() {
        return context.vertexName();
    }

    @Override
    public int processorIndex() {
        return context.globalProcessorIndex();
    }

    @Override
    public int totalParallelism() {
        return context.totalParallelism();
    }

    @Override
    public int statePartitionCount() {
        return statePartitionCount;
    }

    @Override
    public int[] ownedStatePartitions() {
        return owned.clone();
    }

    @Override
    public boolean exactlyOnce() {
        return context.processingGuarantee() == ProcessingGuarantee.EXACTLY_ONCE;
    }

    @Override
    public Map<String, String> options() {
        return options;
    }

    @Override
    public StateSerde<K> keySerde() {
        return keySerde;
    }

    @Override
    public StateSerde<V> valueSerde() {
        return valueSerde;
    }

    @Override
    public HazelcastInstance hazelcastInstance() {
        return context.hazelcastInstance();
    }

    @Override
    public ILogger logger() {
        return context.logger();
    }

    @Override
    public ClassLoader classLoader() {
        return context.classLoader();
    }
}
