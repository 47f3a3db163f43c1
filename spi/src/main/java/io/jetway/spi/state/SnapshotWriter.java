package io.jetway.spi.state;

/**
 * Where a {@link StateBackend} puts what Jet stores in a snapshot for it. Each entry belongs to one
 * state partition, so that a job restored with another parallelism gives it to the processor that owns
 * that partition then.
 */
@FunctionalInterface
public interface SnapshotWriter {

    /**
     * Adds one entry to the snapshot. Key and value must be serializable by Hazelcast and must not be
     * changed afterwards.
     */
    void write(int statePartition, Object key, Object value);
}
