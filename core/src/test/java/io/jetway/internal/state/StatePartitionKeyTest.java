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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InvalidObjectException;

import static com.hazelcast.jet.core.BroadcastKey.broadcastKey;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The keyed state's snapshot key (of a chunk of entries) through Hazelcast serialization, as Jet writes and reads it: every field back
 * (the routing key too, since Jet places a restored entry by it), a format version first, and no Java
 * serialization anywhere in it.
 */
class StatePartitionKeyTest {

    private final InternalSerializationService serialization = new DefaultSerializationServiceBuilder().build();

    private final StatePartitionKey keyedEdge = new StatePartitionKey(7, 2, 1_234);

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
        assertThat(restored.chunk()).isEqualTo(2);
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
        BroadcastKey<StatePartitionKey> aligned = broadcastKey(new StatePartitionKey(3, 0, null));

        BroadcastKey<StatePartitionKey> restored = serialization.toObject(serialization.toData(aligned));

        assertThat(restored.key()).isEqualTo(aligned.key());
        assertThat(restored.key().getPartitionKey()).isNull();
    }

    @Test
    void shouldTellTheChunksOfOneStatePartitionApartButPlaceThemAlike() {
        StatePartitionKey next = new StatePartitionKey(7, 3, 1_234);

        assertThat(next).isNotEqualTo(keyedEdge);
        assertThat(next.jetPartition()).isEqualTo(keyedEdge.jetPartition());
        DefaultPartitioningStrategy strategy = new DefaultPartitioningStrategy();
        assertThat(serialization.toData(next, strategy).getPartitionHash())
                .isEqualTo(serialization.toData(keyedEdge, strategy).getPartitionHash());
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

    @ParameterizedTest(name = "format {0}")
    @ValueSource(ints = {2, 4})     // 2: a key per backend entry, before chunks; 4: a later version
    void shouldRefuseAnotherFormatVersion(int version) throws IOException {
        StatePartitionKey restored = serialization.toObject(serialization.toData(keyedEdge));
        BufferObjectDataOutput other = serialization.createObjectDataOutput();
        other.writeInt(version);

        assertThatThrownBy(() -> restored.readData(serialization.createObjectDataInput(other.toByteArray())))
                .isInstanceOf(InvalidObjectException.class)
                .hasMessageContaining("keyed state snapshot key (" + StatePartitionKey.class.getName() + ") of "
                        + "format version " + version + ": this Jetway version reads format 3 only")
                .hasMessageContaining("start the job without that snapshot");
    }
}
