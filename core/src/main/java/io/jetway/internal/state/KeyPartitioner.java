package io.jetway.internal.state;

import com.hazelcast.jet.core.DefaultPartitionStrategy;
import com.hazelcast.jet.core.Partitioner;

import java.io.Serial;

/**
 * Jet's default partitioning (the member's partition of the key), computed without the serialization
 * service for {@code String}, {@code Long} and {@code Integer} keys: their Hazelcast bytes
 * ({@link HazelcastBytesFastPath}) and partition ({@link PartitionOfKeyBytes}). Every other key goes to
 * the member's strategy, and so does every key when the sample keys' partitions computed so disagree
 * with the member's (another byte order, a global partitioning strategy): the result is always the
 * default one.
 * <p>
 * Jet shares one instance among the processors of a vertex on a member: the check runs once per
 * partition count, racily but idempotently.
 */
public final class KeyPartitioner implements Partitioner<Object> {

    @Serial
    private static final long serialVersionUID = 1L;
    private static final HazelcastBytesFastPath FAST_PATH = HazelcastBytesFastPath.unverified();

    private transient DefaultPartitionStrategy strategy;
    private transient volatile boolean fast;
    private transient volatile int checkedCount;

    @Override
    public void init(DefaultPartitionStrategy defaultPartitioning) {
        this.strategy = defaultPartitioning;
    }

    @Override
    public int getPartition(Object key, int partitionCount) {
        if (checkedCount != partitionCount) {
            fast = agrees(partitionCount);
            checkedCount = partitionCount;
        }
        byte[] bytes = fast ? FAST_PATH.toBytes(key) : null;
        return bytes != null ? PartitionOfKeyBytes.partitionOf(bytes, partitionCount) : strategy.getPartition(key);
    }

    /** Whether keys of the fast-path types skip the member's strategy (once a partition was asked for). */
    boolean isFast() {
        return fast;
    }

    private boolean agrees(int partitionCount) {
        for (Object sample : HazelcastBytesFastPath.SAMPLES) {
            if (PartitionOfKeyBytes.partitionOf(FAST_PATH.toBytes(sample), partitionCount)
                    != strategy.getPartition(sample)) {
                return false;
            }
        }
        return true;
    }
}
