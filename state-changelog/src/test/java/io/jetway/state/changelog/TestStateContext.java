package io.jetway.state.changelog;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.logging.ILogger;
import com.hazelcast.logging.Logger;
import io.jetway.spi.state.StateBackendContext;
import io.jetway.spi.state.StateSerde;

import java.util.Map;

/** A {@link StateBackendContext} for driving a backend without Jet: string keys, long values. */
final class TestStateContext implements StateBackendContext<String, Long> {

    private final String jobName;
    private final String vertexName;
    private final int processorIndex;
    private final int parallelism;
    private final int partitionCount;
    private final int[] owned;
    private final Map<String, String> options;
    private final boolean exactlyOnce;

    TestStateContext(String jobName, String vertexName, int processorIndex, int parallelism, int partitionCount,
                     int[] owned, Map<String, String> options, boolean exactlyOnce) {
        this.jobName = jobName;
        this.vertexName = vertexName;
        this.processorIndex = processorIndex;
        this.parallelism = parallelism;
        this.partitionCount = partitionCount;
        this.owned = owned.clone();
        this.options = Map.copyOf(options);
        this.exactlyOnce = exactlyOnce;
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
        return vertexName;
    }

    @Override
    public int processorIndex() {
        return processorIndex;
    }

    @Override
    public int totalParallelism() {
        return parallelism;
    }

    @Override
    public int statePartitionCount() {
        return partitionCount;
    }

    @Override
    public int[] ownedStatePartitions() {
        return owned.clone();
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
    public StateSerde<String> keySerde() {
        return TestSerdes.STRINGS;
    }

    @Override
    public StateSerde<Long> valueSerde() {
        return TestSerdes.LONGS;
    }

    @Override
    public HazelcastInstance hazelcastInstance() {
        return null;
    }

    @Override
    public ILogger logger() {
        return Logger.getLogger("io.jetway.state.changelog.test." + vertexName + "-" + processorIndex);
    }

    @Override
    public ClassLoader classLoader() {
        return getClass().getClassLoader();
    }
}
