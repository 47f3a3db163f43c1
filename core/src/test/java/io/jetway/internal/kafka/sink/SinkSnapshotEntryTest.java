package io.jetway.internal.kafka.sink;

import com.hazelcast.internal.nio.BufferObjectDataOutput;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import com.hazelcast.internal.serialization.impl.SerializationConstants;
import io.jetway.kafka.common.txn.PreparedTransaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.util.List;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The sink's snapshot value through Hazelcast serialization, as Jet writes and reads it: every field back, a
 * format version first, and no Java serialization anywhere in it.
 */
class SinkSnapshotEntryTest {

    private final InternalSerializationService serialization = new DefaultSerializationServiceBuilder().build();

    private final SinkSnapshotEntry entry = new SinkSnapshotEntry(3, 4, 2, 5, 17, List.of(
            new SinkTransaction(new PreparedTransaction("orders-sink-3-1", 1001, (short) 7, true),
                    new CommitWitness("orders-out", 2, 12_345), 1_700_000_000_000L, 250),
            new SinkTransaction(new PreparedTransaction("orders-sink-3-3", 1002, (short) 0, false),
                    new CommitWitness("audit", 0, 0), 1_700_000_001_000L, 1)));

    @AfterEach
    void dispose() {
        serialization.dispose();
    }

    @Test
    void shouldComeBackWithEveryField() {
        SinkSnapshotEntry restored = serialization.toObject(serialization.toData(entry));

        assertThat(restored).isEqualTo(entry).isNotSameAs(entry);
        assertThat(restored.prepared()).isEqualTo(entry.prepared());
        assertThat(restored.epoch()).isEqualTo(17);
    }

    @Test
    void shouldComeBackWithoutPreparedTransactions() {
        SinkSnapshotEntry empty = new SinkSnapshotEntry(0, 1, 2, 0, 1, List.of());

        assertThat((Object) serialization.toObject(serialization.toData(empty))).isEqualTo(empty);
    }

    @Test
    void shouldBeDataSerializableWithoutJavaSerialization() {
        Data data = serialization.toData(entry);

        assertThat(data.getType()).isEqualTo(SerializationConstants.CONSTANT_TYPE_DATA_SERIALIZABLE);
        // 0xACED: the magic number every ObjectOutputStream writes first
        assertThat(new String(data.toByteArray(), ISO_8859_1)).doesNotContain("\u00AC\u00ED");
    }

    @Test
    void shouldRefuseAnotherFormatVersion() throws IOException {
        SinkSnapshotEntry restored = serialization.toObject(serialization.toData(entry));
        BufferObjectDataOutput future = serialization.createObjectDataOutput();
        future.writeInt(SinkSnapshotEntry.FORMAT_VERSION + 1);

        assertThatThrownBy(() -> restored.readData(serialization.createObjectDataInput(future.toByteArray())))
                .isInstanceOf(InvalidObjectException.class)
                .hasMessageContaining("Kafka sink snapshot entry (" + SinkSnapshotEntry.class.getName() + ") of "
                        + "format version 3: this Jetway version reads format 2 only")
                .hasMessageContaining("start the job without that snapshot")
                .hasMessageContaining("the Jetway version that took it");
    }
}
