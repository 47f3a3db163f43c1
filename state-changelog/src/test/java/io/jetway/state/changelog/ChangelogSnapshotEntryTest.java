package io.jetway.state.changelog;

import com.hazelcast.internal.nio.BufferObjectDataOutput;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import com.hazelcast.internal.serialization.impl.SerializationConstants;
import io.jetway.kafka.common.txn.PreparedTransaction;
import io.jetway.state.changelog.ChangelogSnapshotEntry.LocalSize;
import io.jetway.state.changelog.ChangelogSnapshotEntry.TransactionRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.util.List;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The backend's snapshot value through Hazelcast serialization, as Jet writes and reads it: every field back, a
 * format version first, and no Java serialization anywhere in it.
 */
class ChangelogSnapshotEntryTest {

    private static final PreparedTransaction OLDER = new PreparedTransaction("job-count-2-0", 88, (short) 4, true);
    private static final PreparedTransaction NEWER = new PreparedTransaction("job-count-2-2", 89, (short) 0, false);

    private final InternalSerializationService serialization = new DefaultSerializationServiceBuilder().build();

    private final ChangelogSnapshotEntry anchor = new ChangelogSnapshotEntry("job-count-changelog", 2, 41, 6, 2, 3, 2,
            1_000, 1_523, true, List.of(OLDER, NEWER),
            List.of(new TransactionRange(OLDER, 1_400, 1_480), new TransactionRange(NEWER, 1_480, 1_523)),
            new LocalSize(37_000, 1_776_000));

    @AfterEach
    void dispose() {
        serialization.dispose();
    }

    @Test
    void shouldComeBackWithEveryField() {
        ChangelogSnapshotEntry restored = serialization.toObject(serialization.toData(anchor));

        assertThat(restored).isEqualTo(anchor).isNotSameAs(anchor).hasToString(anchor.toString());
        assertThat(restored.ranges()).isEqualTo(anchor.ranges());
        assertThat(restored.prepared()).containsExactly(OLDER, NEWER);
        assertThat(restored.localSize()).isEqualTo(new LocalSize(37_000, 1_776_000));
    }

    @Test
    void shouldComeBackWithoutTransactionsAndRecords() {
        ChangelogSnapshotEntry nothingWritten = new ChangelogSnapshotEntry("t", 0, 1, 0, 0, 1, 2, 50, 49, false,
                List.of(), List.of(), LocalSize.UNKNOWN);

        assertThat((Object) serialization.toObject(serialization.toData(nothingWritten))).isEqualTo(nothingWritten);
    }

    @Test
    void shouldComeBackAsTakenOverByARestore() {
        ChangelogSnapshotEntry taken = anchor.recoveredBy(42, 7, 0, 1, 3, true);

        ChangelogSnapshotEntry restored = serialization.toObject(serialization.toData(taken));

        assertThat(restored).isEqualTo(taken);
        assertThat(restored.prepared()).isEmpty();
        assertThat(restored.ranges()).isEqualTo(anchor.ranges());
        assertThat(restored.localSize()).as("the restored state's size").isEqualTo(anchor.localSize());
    }

    @Test
    void shouldReadFormat3WithoutTheLocalSize() throws IOException {
        byte[] bytes = anchorFormat4();
        // format 3 is format 4 without the two trailing longs
        BufferObjectDataOutput format3 = serialization.createObjectDataOutput();
        format3.writeInt(3);
        format3.write(bytes, 4, bytes.length - 4 - 16);

        ChangelogSnapshotEntry read = readFresh(format3.toByteArray());

        assertThat(read.localSize()).isEqualTo(LocalSize.UNKNOWN);
        assertThat(read.ranges()).isEqualTo(anchor.ranges());
        assertThat(read.lastOffset()).isEqualTo(anchor.lastOffset());
        assertThat(read.prepared()).containsExactly(OLDER, NEWER);
    }

    @Test
    void shouldRefuseANegativeLocalSize() throws IOException {
        byte[] bytes = anchorFormat4();
        BufferObjectDataOutput damaged = serialization.createObjectDataOutput();
        damaged.write(bytes, 0, bytes.length - 16);     // all but the local size
        damaged.writeLong(-1);
        damaged.writeLong(1_776_000);

        assertThatThrownBy(() -> readFresh(damaged.toByteArray()))
                .isInstanceOf(InvalidObjectException.class)
                .hasMessage("negative local size: -1 keys, 1776000 bytes");
    }

    @Test
    void shouldBeDataSerializableWithoutJavaSerialization() {
        Data data = serialization.toData(anchor);

        assertThat(data.getType()).isEqualTo(SerializationConstants.CONSTANT_TYPE_DATA_SERIALIZABLE);
        // 0xACED: the magic number every ObjectOutputStream writes first
        assertThat(new String(data.toByteArray(), ISO_8859_1)).doesNotContain("\u00AC\u00ED");
    }

    @Test
    void shouldRefuseAnotherFormatVersion() throws IOException {
        ChangelogSnapshotEntry restored = serialization.toObject(serialization.toData(anchor));
        BufferObjectDataOutput older = serialization.createObjectDataOutput();
        older.writeInt(2);

        assertThatThrownBy(() -> restored.readData(serialization.createObjectDataInput(older.toByteArray())))
                .isInstanceOf(InvalidObjectException.class)
                .hasMessageContaining("kafka-changelog snapshot entry (" + ChangelogSnapshotEntry.class.getName()
                        + ") of format version 2: this Jetway version reads format 3 to 4")
                .hasMessageContaining("start the job without that snapshot")
                .hasMessageContaining("the Jetway version that took it");
    }

    /** The anchor entry's fields as {@code writeData} writes them (format 4). */
    private byte[] anchorFormat4() throws IOException {
        BufferObjectDataOutput out = serialization.createObjectDataOutput();
        anchor.writeData(out);
        return out.toByteArray();
    }

    /** A fresh entry whose {@code readData} read {@code fields}. */
    private ChangelogSnapshotEntry readFresh(byte[] fields) throws IOException {
        ChangelogSnapshotEntry read = serialization.toObject(serialization.toData(anchor));
        read.readData(serialization.createObjectDataInput(fields));
        return read;
    }
}
