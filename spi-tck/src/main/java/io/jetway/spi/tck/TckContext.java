package io.jetway.spi.tck;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.logging.ILogger;
import com.hazelcast.logging.Logger;
import io.jetway.spi.state.StateBackendContext;
import io.jetway.spi.state.StateSerde;

import java.util.Map;

/** The context the contract tests give a backend: one processor of a job with string keys and values. */
final class TckContext implements StateBackendContext<String, String> {

    private static final Utf8Serde SERDE = new Utf8Serde();

    private final TckJob job;
    private final int processorIndex;
    private final int totalParallelism;
    private final int[] owned;
    private final Map<String, String> options;
    private final HazelcastInstance instance;

    TckContext(TckJob job, int processorIndex, int totalParallelism, int[] owned, Map<String, String> options,
               HazelcastInstance instance) {
        this.job = job;
        this.processorIndex = processorIndex;
        this.totalParallelism = totalParallelism;
        this.owned = owned.clone();
        this.options = Map.copyOf(options);
        this.instance = instance;
    }

    @Override public String jobName() { return job.name(); }
    @Override public long jobId() { return job.id(); }
    @Override public String vertexName() { return "tck-vertex"; }
    @Override public int processorIndex() { return processorIndex; }
    @Override public int totalParallelism() { return totalParallelism; }
    @Override public int statePartitionCount() { return job.partitions(); }
    @Override public int[] ownedStatePartitions() { return owned.clone(); }
    @Override public boolean exactlyOnce() { return true; }
    @Override public Map<String, String> options() { return options; }
    @Override public StateSerde<String> keySerde() { return SERDE; }
    @Override public StateSerde<String> valueSerde() { return SERDE; }
    @Override public HazelcastInstance hazelcastInstance() { return instance; }
    @Override public ILogger logger() { return Logger.getLogger("io.jetway.tck." + job.name() + "." + processorIndex); }
    @Override public ClassLoader classLoader() { return TckContext.class.getClassLoader(); }
}
