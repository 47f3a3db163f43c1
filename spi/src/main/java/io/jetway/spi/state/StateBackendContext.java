package io.jetway.spi.state;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.logging.ILogger;

import java.util.Map;

/**
 * What a {@link StateBackend} is told about the processor it serves. Implemented by Jetway; more methods
 * may be added as default methods.
 *
 * @param <K> the key type of the stores
 * @param <V> the value type of the stores
 */
public interface StateBackendContext<K, V> {

    /** The job's name, or its id as text when it has none; stable across restarts of the job. */
    String jobName();

    /** The job's id; stable across restarts of the job, new for a resubmitted job. */
    long jobId();

    /** The name of the stateful vertex. */
    String vertexName();

    /** This processor's index among all processors of the vertex in the cluster (0-based). */
    int processorIndex();

    /** How many processors the vertex has in the cluster in this execution. */
    int totalParallelism();

    /** How many state partitions the vertex has in all; fixed for the life of the job. */
    int statePartitionCount();

    /**
     * The state partitions this processor owns in this execution, ascending. A job restored with another
     * parallelism gives every state partition to exactly one processor again.
     */
    int[] ownedStatePartitions();

    /** Whether the job runs with exactly-once processing (else at-least-once or none). */
    boolean exactlyOnce();

    /** Backend options, as configured for the vertex. */
    Map<String, String> options();

    /** Turns keys into bytes and back, for backends that store or ship bytes. */
    StateSerde<K> keySerde();

    /** Turns values into bytes and back, for backends that store or ship bytes. */
    StateSerde<V> valueSerde();

    /** The member the processor runs on, for backends that keep state in Hazelcast itself. */
    HazelcastInstance hazelcastInstance();

    /** A logger named after the processor. */
    ILogger logger();

    /** The job's class loader. */
    ClassLoader classLoader();
}
