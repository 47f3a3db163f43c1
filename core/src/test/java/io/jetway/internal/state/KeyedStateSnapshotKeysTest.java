package io.jetway.internal.state;

import com.hazelcast.internal.partition.IPartitionService;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.jet.core.test.TestOutbox;
import com.hazelcast.jet.core.test.TestProcessorContext;
import com.hazelcast.jet.impl.util.Util;
import com.hazelcast.spi.impl.NodeEngine;
import io.jetway.internal.snapshot.UnknownSnapshotKeyException;
import io.jetway.state.HeapStateBackendFactory;
import io.jetway.state.StateConfig;
import io.jetway.state.StatefulFunctions;
import io.jetway.testing.HazelcastClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.hazelcast.jet.core.BroadcastKey.broadcastKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Keyed-edge snapshot keys on a real member: a chunk of state entries has a key that lies in the Jet partition that is its state
 * partition (so Jet restores it to that partition's owner), also after a trip through the member's
 * serialization, and a keyed processor's restore fails naming a key it does not know instead of dropping it.
 */
class KeyedStateSnapshotKeysTest {

    @RegisterExtension
    static final HazelcastClusterExtension HZ = HazelcastClusterExtension.of(1);

    @Test
    void shouldRouteEveryStateEntryToTheJetPartitionOfItsStatePartition() {
        NodeEngine node = Util.getNodeEngine(HZ.cluster().member(0));
        IPartitionService partitions = node.getPartitionService();
        SerializationService serialization = node.getSerializationService();
        PartitionedEntryRouting routing = new PartitionedEntryRouting(partitions);

        for (int p = 0; p < partitions.getPartitionCount(); p++) {
            Object key = routing.snapshotKey(p, 0);
            assertThat(partitions.getPartitionId(key)).as("Jet partition of the entry of state partition " + p)
                                                        .isEqualTo(p);
            Object restored = serialization.toObject(serialization.toData(key));
            assertThat(partitions.getPartitionId(restored)).as("Jet partition of the restored key of " + p)
                                                             .isEqualTo(p);
            assertThat(routing.entryKey(key)).isEqualTo(new StatePartitionKey(p, 0, null));
        }
        assertThat(routing.entryKey(broadcastKey(new StatePartitionKey(0, 0, null))))
                .as("an aligned entry is not a keyed-edge one").isNull();
    }

    @Test
    void shouldFailTheRestoreOfAKeyItDoesNotKnow() throws Exception {
        KeyedStatefulP<String, String, Long, ?> processor = new KeyedStatefulP<>(StateConfig.heap(),
                new HeapStateBackendFactory(), (String s) -> s, StatefulFunctions.<String, String>count());
        processor.init(new TestOutbox(1), new TestProcessorContext().setHazelcastInstance(HZ.cluster().member(0)));
        try {
            assertThatThrownBy(() -> processor.restoreFromSnapshot(broadcastKey("jetway.aligned.snapshotSequence"), 3L))
                    .isInstanceOf(UnknownSnapshotKeyException.class)
                    .hasMessageContaining("jetway.aligned.snapshotSequence");
        } finally {
            processor.close();
        }
    }
}
