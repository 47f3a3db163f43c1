package io.jetway.internal.state;

import com.hazelcast.internal.nio.BufferObjectDataOutput;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import com.hazelcast.internal.serialization.impl.SerializationConstants;
import com.hazelcast.jet.core.BroadcastKey;
import com.hazelcast.partition.strategy.DefaultPartitioningStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InvalidObjectException;

import static com.hazelcast.jet.core.BroadcastKey.broadcastKey;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The keyed state's snapshot key through Hazelcast serialization, as Jet writes and reads it: every field back
 * (the routing key too, since Jet places a restored entry by it), a format version first, and no Java
 * serialization anywhere in it.
 */
class StatePartitionKeyTest {

    private final InternalSerializationService serialization = new DefaultSerializationServiceBuilder().build();

    private final StatePartitionKey keyedEdge = new StatePartitionKey(7, "account-42", 1_234);

    @AfterEach
    void dispose() {
        serialization.dispose();
    }

    @Test
    void shouldComeBackWithEveryField() {
        StatePartitionKey restored = serialization.toObject(serialization.toData(keyedEdge));

        assertThat(restored).isEqualTo(keyedEdge).isNotSameAs(keyedEdge).hasToString(keyedEdge.toString());
        assertThat(restored.statePartition()).isEqualTo(7);
        assertThat(restored.jetPartition()).isEqualTo(7);
        assertThat(restored.backendKey()).isEqualTo("account-42");
        assertThat(restored.getPartitionKey()).isEqualTo(1_234);
    }

    @Test
    void shouldBePlacedByItsRoutingKeyBeforeAndAfterARestore() {
        DefaultPartitioningStrategy strategy = new DefaultPartitioningStrategy();
        int routingKeyHash = serialization.toData(1_234).getPartitionHash();

        assertThat(serialization.toData(keyedEdge, strategy).getPartitionHash()).isEqualTo(routingKeyHash);
        StatePartitionKey restored = serialization.toObject(serialization.toData(keyedEdge, strategy));
        assertThat(serialization.toData(restored, strategy).getPartitionHash()).isEqualTo(routingKeyHash);
    }

    @Test
    void shouldComeBackInABroadcastKeyWithoutARoutingKey() {
        BroadcastKey<StatePartitionKey> aligned = broadcastKey(new StatePartitionKey(3, 99L, null));

        BroadcastKey<StatePartitionKey> restored = serialization.toObject(serialization.toData(aligned));

        assertThat(restored.key()).isEqualTo(aligned.key());
        assertThat(restored.key().getPartitionKey()).isNull();
    }

    @Test
    void shouldCarryAnyBackendKeyHazelcastSerializes() {
        StatePartitionKey restored = serialization.toObject(serialization.toData(
                new StatePartitionKey(0, new byte[]{1, 2, 3}, 5)));

        assertThat((byte[]) restored.backendKey()).containsExactly(1, 2, 3);
    }

    @Test
    void shouldBeDataSerializableWithoutJavaSerialization() {
        Data data = serialization.toData(keyedEdge);

        assertThat(data.getType()).isEqualTo(SerializationConstants.CONSTANT_TYPE_DATA_SERIALIZABLE);
        // 0xACED: the magic number every ObjectOutputStream writes first
        assertThat(new String(data.toByteArray(), ISO_8859_1)).doesNotContain("\u00AC\u00ED");
        assertThat(new String(serialization.toData(broadcastKey(keyedEdge)).toByteArray(), ISO_8859_1))
                .doesNotContain("\u00AC\u00ED");
    }

    @Test
    void shouldRefuseAnotherFormatVersion() throws IOException {
        StatePartitionKey restored = serialization.toObject(serialization.toData(keyedEdge));
        BufferObjectDataOutput future = serialization.createObjectDataOutput();
        future.writeInt(StatePartitionKey.FORMAT_VERSION + 1);

        assertThatThrownBy(() -> restored.readData(serialization.createObjectDataInput(future.toByteArray())))
                .isInstanceOf(InvalidObjectException.class)
                .hasMessageContaining("keyed state snapshot key (" + StatePartitionKey.class.getName() + ") of "
                        + "format version 3: this Jetway version reads format 2 only")
                .hasMessageContaining("start the job without that snapshot");
    }
}
