package io.jetway.internal.kafka;

import com.hazelcast.jet.core.EventTimePolicy;
import com.hazelcast.jet.core.test.TestOutbox;
import com.hazelcast.jet.core.test.TestProcessorContext;
import io.jetway.KafkaSourceConfig;
import io.jetway.codec.RecordDecoders;
import io.jetway.internal.snapshot.UnknownSnapshotKeyException;
import io.jetway.internal.state.AlignedStateStage;
import io.jetway.spi.state.StateSerde;
import io.jetway.state.StateConfig;
import io.jetway.state.StatefulFunctions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.Map;

import static com.hazelcast.jet.core.BroadcastKey.broadcastKey;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A restore from a snapshot with a key the source does not save (an older Jetway's aligned sequence key,
 * say) fails naming the key, with or without aligned state; it is never dropped silently. No broker: the
 * consumer is created but never polled.
 */
class UnknownSnapshotKeyTest {

    private static final String TOPIC = "t";

    @ParameterizedTest(name = "aligned state: {0}")
    @ValueSource(booleans = {false, true})
    void shouldFailTheRestoreNamingTheUnknownKey(boolean aligned) throws Exception {
        KafkaSourceConfig config = KafkaSourceConfig.builder("127.0.0.1:9").topics(TOPIC).build();
        RecordStage stage = aligned ? AlignedStateStage.factory(StateConfig.heap().serdes(UnusedSerde.INSTANCE,
                        UnusedSerde.INSTANCE), (String s) -> s, StatefulFunctions.<String, String>count())
                .create(getClass().getClassLoader()) : null;
        TopicLayout layout = new TopicLayout(Map.of(TOPIC, 2));
        KafkaZeroCopySourceP<String> source = new KafkaZeroCopySourceP<>(config, RecordDecoders.utf8String().get(),
                EventTimePolicy.noEventTime(), () -> layout, Map.of(), KafkaConsumerFactory.KAFKA, stage);
        source.init(new TestOutbox(1), new TestProcessorContext().setTotalParallelism(1).setGlobalProcessorIndex(0));
        try {
            assertThatThrownBy(() -> source.restoreFromSnapshot(broadcastKey("jetway.aligned.snapshotSequence"), 3L))
                    .isInstanceOf(UnknownSnapshotKeyException.class)
                    .hasMessageContaining("jetway.aligned.snapshotSequence")
                    .hasMessageContaining("another version of Jetway");
        } finally {
            source.close();
        }
    }

    /** The heap backend keeps objects: no serde is used. */
    private enum UnusedSerde implements StateSerde<Object>, Serializable {
        INSTANCE;

        @Override
        public byte[] toBytes(Object value) {
            throw new UnsupportedOperationException("the heap backend keeps objects");
        }

        @Override
        public Object fromBytes(ByteBuffer bytes) {
            throw new UnsupportedOperationException("the heap backend keeps objects");
        }
    }
}
