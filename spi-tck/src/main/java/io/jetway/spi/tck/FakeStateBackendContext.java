package io.jetway.spi.tck;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.logging.ILogger;
import com.hazelcast.logging.Logger;
import io.jetway.spi.state.StateBackendContext;
import io.jetway.spi.state.StateSerde;

import java.util.Arrays;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A {@link StateBackendContext} for driving a state backend without Jet: in the contract tests, in a
 * backend's own tests and in benchmarks. Immutable; built with {@link #builder}:
 * <pre>{@code
 * StateBackendContext<String, Long> context = FakeStateBackendContext.builder(new Utf8Serde(), longSerde)
 *         .jobName("orders").vertexName("count")
 *         .statePartitionCount(8).processor(1, 2)              // owns partitions 1, 3, 5 and 7
 *         .options(Map.of("bootstrap.servers", servers))
 *         .build();
 * }</pre>
 * Unless set otherwise, the context describes job {@code "fake-job"} (its id the name's hash code), vertex
 * {@code "state"}, processor 0 of 1 owning the only state partition, exactly-once, no options and no
 * Hazelcast member. The logger is named after job, vertex and processor; the class loader is the one that
 * loaded this class.
 *
 * @param <K> the key type of the stores
 * @param <V> the value type of the stores
 */
public final class FakeStateBackendContext<K, V> implements StateBackendContext<K, V> {

    private final String jobName;
    private final long jobId;
    private final String vertexName;
    private final int processorIndex;
    private final int totalParallelism;
    private final int statePartitionCount;
    private final int[] owned;
    private final boolean exactlyOnce;
    private final Map<String, String> options;
    private final StateSerde<K> keySerde;
    private final StateSerde<V> valueSerde;
    private final HazelcastInstance hazelcastInstance;

    private FakeStateBackendContext(Builder<K, V> b, int[] owned) {
        this.jobName = b.jobName;
        this.jobId = b.jobId != null ? b.jobId : b.jobName.hashCode();
        this.vertexName = b.vertexName;
        this.processorIndex = b.processorIndex;
        this.totalParallelism = b.totalParallelism;
        this.statePartitionCount = b.statePartitionCount;
        this.owned = owned;
        this.exactlyOnce = b.exactlyOnce;
        this.options = b.options;
        this.keySerde = b.keySerde;
        this.valueSerde = b.valueSerde;
        this.hazelcastInstance = b.hazelcastInstance;
    }

    /** A builder of contexts whose stores turn keys and values into bytes with these serdes. */
    public static <K, V> Builder<K, V> builder(StateSerde<K> keySerde, StateSerde<V> valueSerde) {
        return new Builder<>(requireNonNull(keySerde, "keySerde cannot be null"),
                requireNonNull(valueSerde, "valueSerde cannot be null"));
    }

    @Override
    public String jobName() {
        return jobName;
    }

    @Override
    public long jobId() {
        return jobId;
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
        return totalParallelism;
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
        return exactlyOnce;
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

    /** The member given to the builder, or {@code null}. */
    @Override
    public HazelcastInstance hazelcastInstance() {
        return hazelcastInstance;
    }

    @Override
    public ILogger logger() {
        return Logger.getLogger(FakeStateBackendContext.class.getName() + "." + jobName + "." + vertexName + "."
                + processorIndex);
    }

    @Override
    public ClassLoader classLoader() {
        return FakeStateBackendContext.class.getClassLoader();
    }

    @Override
    public String toString() {
        return "FakeStateBackendContext{job '" + jobName + "' (id " + jobId + "), vertex '" + vertexName
                + "', processor " + processorIndex + " of " + totalParallelism + ", state partitions "
                + Arrays.toString(owned) + " of " + statePartitionCount + (exactlyOnce ? ", exactly-once" : "")
                + '}';
    }

    /**
     * Sets what a context says; {@link #build()} checks it and may be called again after changing a setting,
     * e.g. once per processor of a job.
     *
     * @param <K> the key type of the stores
     * @param <V> the value type of the stores
     */
    public static final class Builder<K, V> {

        private final StateSerde<K> keySerde;
        private final StateSerde<V> valueSerde;
        private String jobName = "fake-job";
        private Long jobId;
        private String vertexName = "state";
        private int processorIndex;
        private int totalParallelism = 1;
        private int statePartitionCount = 1;
        private int[] owned;
        private boolean exactlyOnce = true;
        private Map<String, String> options = Map.of();
        private HazelcastInstance hazelcastInstance;

        private Builder(StateSerde<K> keySerde, StateSerde<V> valueSerde) {
            this.keySerde = keySerde;
            this.valueSerde = valueSerde;
        }

        /** The job's name; default {@code "fake-job"}. */
        public Builder<K, V> jobName(String jobName) {
            this.jobName = requireNonNull(jobName, "jobName cannot be null");
            return this;
        }

        /** The job's id; default the job name's {@link String#hashCode()}. */
        public Builder<K, V> jobId(long jobId) {
            this.jobId = jobId;
            return this;
        }

        /** The stateful vertex's name; default {@code "state"}. */
        public Builder<K, V> vertexName(String vertexName) {
            this.vertexName = requireNonNull(vertexName, "vertexName cannot be null");
            return this;
        }

        /** This processor's index among {@code totalParallelism} processors; default 0 of 1. */
        public Builder<K, V> processor(int processorIndex, int totalParallelism) {
            this.processorIndex = processorIndex;
            this.totalParallelism = totalParallelism;
            return this;
        }

        /** How many state partitions the vertex has; default 1. */
        public Builder<K, V> statePartitionCount(int statePartitionCount) {
            this.statePartitionCount = statePartitionCount;
            return this;
        }

        /**
         * The state partitions this processor owns (reported in ascending order). Without this call, processor
         * {@code i} of {@code n} owns the partitions {@code p} with {@code p % n == i}.
         */
        public Builder<K, V> ownedStatePartitions(int... owned) {
            this.owned = requireNonNull(owned, "owned cannot be null").clone();
            return this;
        }

        /** Whether the job runs exactly-once; default {@code true}. */
        public Builder<K, V> exactlyOnce(boolean exactlyOnce) {
            this.exactlyOnce = exactlyOnce;
            return this;
        }

        /** The backend options; default none. */
        public Builder<K, V> options(Map<String, String> options) {
            this.options = Map.copyOf(options);
            return this;
        }

        /** The member the processor runs on, for backends that keep state in Hazelcast; default {@code null}. */
        public Builder<K, V> hazelcastInstance(HazelcastInstance hazelcastInstance) {
            this.hazelcastInstance = hazelcastInstance;
            return this;
        }

        /**
         * A context with the settings made so far.
         *
         * @throws IllegalArgumentException if the processor index is not below the parallelism, there is no
         *                                  state partition, or an owned partition is out of range or repeated
         */
        public FakeStateBackendContext<K, V> build() {
            if (totalParallelism < 1 || processorIndex < 0 || processorIndex >= totalParallelism) {
                throw new IllegalArgumentException("processor " + processorIndex + " of " + totalParallelism
                        + ": the index must be in 0.." + (totalParallelism - 1) + " and the parallelism at least 1");
            }
            if (statePartitionCount < 1) {
                throw new IllegalArgumentException("statePartitionCount must be at least 1: " + statePartitionCount);
            }
            int[] partitions = owned != null ? owned.clone() : roundRobin();
            Arrays.sort(partitions);
            for (int i = 0; i < partitions.length; i++) {
                if (partitions[i] < 0 || partitions[i] >= statePartitionCount
                        || (i > 0 && partitions[i] == partitions[i - 1])) {
                    throw new IllegalArgumentException("owned state partitions " + Arrays.toString(owned)
                            + ": each must be in 0.." + (statePartitionCount - 1) + " and appear once");
                }
            }
            return new FakeStateBackendContext<>(this, partitions);
        }

        private int[] roundRobin() {
            int count = (statePartitionCount - processorIndex + totalParallelism - 1) / totalParallelism;
            int[] partitions = new int[count];
            for (int i = 0, p = processorIndex; p < statePartitionCount; i++, p += totalParallelism) {
                partitions[i] = p;
            }
            return partitions;
        }
    }
}
