package io.jetway.internal.state;

import com.hazelcast.internal.partition.IPartitionService;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.jet.core.Partitioner;
import com.hazelcast.jet.impl.util.Util;
import com.hazelcast.spi.impl.NodeEngineImpl;
import io.jetway.testing.HazelcastCluster;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The partition computed from a key's bytes, and {@link KeyPartitioner}'s, are the member's partition of the
 * key (Jet's default partitioner), for every key type.
 */
class KeyPartitionTest {

    @Test
    void shouldAgreeWithThePartitionServiceOfARealMember() {
        try (HazelcastCluster cluster = HazelcastCluster.start(1)) {
            NodeEngineImpl nodeEngine = Util.getNodeEngine(cluster.member(0));
            IPartitionService partitions = nodeEngine.getPartitionService();
            InternalSerializationService serialization =
                    (InternalSerializationService) nodeEngine.getSerializationService();

            PartitionOfKeyBytes computed = PartitionOfKeyBytes.verifiedFor(partitions, serialization);

            assertThat(computed).as("verified on a default member").isNotNull();
            Random random = new Random(11);
            for (int i = 0; i < 5_000; i++) {
                Object key = switch (i % 4) {
                    case 0 -> "account-" + random.nextInt(1_000_000);
                    case 1 -> random.nextLong();
                    case 2 -> UUID.randomUUID();
                    default -> randomString(random);
                };
                byte[] bytes = serialization.toBytes(key);
                assertThat(computed.partitionOf(bytes)).as("partition of %s", key)
                        .isEqualTo(partitions.getPartitionId(key));
            }
        }
    }

    @Test
    void shouldPartitionKeyedEdgesLikeJetsDefaultPartitioner() {
        try (HazelcastCluster cluster = HazelcastCluster.start(1)) {
            IPartitionService partitions = Util.getNodeEngine(cluster.member(0)).getPartitionService();
            KeyPartitioner fast = new KeyPartitioner();
            fast.init(partitions::getPartitionId);
            Partitioner<Object> jets = Partitioner.defaultPartitioner();
            jets.init(partitions::getPartitionId);
            int count = partitions.getPartitionCount();

            Random random = new Random(5);
            for (int i = 0; i < 5_000; i++) {
                Object key = switch (i % 5) {
                    case 0 -> "account-" + random.nextInt(1_000_000);
                    case 1 -> random.nextLong();
                    case 2 -> random.nextInt();
                    case 3 -> UUID.randomUUID();          // not a fast-path type
                    default -> randomString(random);
                };
                assertThat(fast.getPartition(key, count)).as("partition of %s", key)
                        .isEqualTo(jets.getPartition(key, count));
            }
            assertThat(fast.isFast()).as("fast path on a default member").isTrue();
        }
    }

    /** A member whose partitions differ (here: a strategy that sends everything to 0) turns the fast path off. */
    @Test
    void shouldFallBackToTheMembersStrategyWhenItsPartitionsDiffer() {
        KeyPartitioner partitioner = new KeyPartitioner();
        partitioner.init(key -> 0);

        assertThat(partitioner.getPartition("account-1", 271)).isZero();
        assertThat(partitioner.getPartition(42L, 271)).isZero();
        assertThat(partitioner.isFast()).isFalse();
    }

    private static String randomString(Random random) {
        StringBuilder s = new StringBuilder();
        for (int c = random.nextInt(30); c > 0; c--) {
            s.append((char) random.nextInt(0xD000));
        }
        return s.toString();
    }
}
