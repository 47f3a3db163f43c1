package io.jetway.benchmarks.jmh;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.logging.ILogger;
import com.hazelcast.logging.Logger;
import io.jetway.spi.state.StateBackendContext;
import io.jetway.spi.state.StateSerde;

import java.util.Map;

/**
 * A {@link StateBackendContext} for using a state backend outside a job: one processor owning state
 * partition 0 of 1, {@link LongSerde} keys and values, no Hazelcast member.
 */
final class StandaloneStateContext implements StateBackendContext<Long, Long> {

    private final String jobName;
    private final boolean exactlyOnce;
    private final Map<String, String> options;
    private final LongSerde serde = new LongSerde();

    StandaloneStateContext(String jobName, boolean exactlyOnce, Map<String, String> options) {
        this.jobName = jobName;
        this.exactlyOnce = exactlyOnce;
        this.options = Map.copyOf(options);
    }

    @Override
    public String jobName() {
        return jobName;
    }

    @Override
    public long jobId() {
        return jobName.hashCode();
    }

    @Override
    public String vertexName() {
        return "state";
    }

    @Override
    public int processorIndex() {
        return 0;
    }

    @Override
    public int totalParallelism() {
        return 1;
    }

    @Override
    public int statePartitionCount() {
        return 1;
    }

    @Override
    public int[] ownedStatePartitions() {
        return new int[]{0};
    }

    @Override
    public boolean exactlyOnce() {
        return exactlyOnce;
    }

    @Override
    public Map<String, String> options() {
        return options;
    }

    @Override
    public StateSerde<Long> keySerde() {
        return serde;
    }

    @Override
    public StateSerde<Long> valueSerde() {
        return serde;
    }

    @Override
    public HazelcastInstance hazelcastInstance() {
        return null;
    }

    @Override
    public ILogger logger() {
        return Logger.getLogger(StandaloneStateContext.class);
    }

    @Override
    public ClassLoader classLoader() {
        return StandaloneStateContext.class.getClassLoader();
    }
}
