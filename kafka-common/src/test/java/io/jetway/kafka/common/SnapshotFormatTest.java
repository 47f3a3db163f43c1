package io.jetway.kafka.common;

import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InvalidObjectException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a Jet restore of a snapshot value of another format version shows: the version, the class, what to do. */
class SnapshotFormatTest {

    private final InternalSerializationService serialization = new DefaultSerializationServiceBuilder().build();

    @AfterEach
    void dispose() {
        serialization.dispose();
    }

    @Test
    void shouldReadTheVersionItWrote() {
        Versioned restored = serialization.toObject(serialization.toData(new Versioned(Versioned.SUPPORTED, "x")));

        assertThat(restored.field).isEqualTo("x");
    }

    @Test
    void shouldRefuseAnotherVersionNamingItTheClassAndWhatToDo() {
        Versioned future = new Versioned(Versioned.SUPPORTED + 1, "x");

        assertThatThrownBy(() -> serialization.toObject(serialization.toData(future)))
                .isInstanceOf(HazelcastSerializationException.class)
                .hasMessageContaining("Cannot restore a test value (" + Versioned.class.getName() + ") of format "
                        + "version 8: this Jetway version reads format 7 only")
                .hasMessageContaining("start the job without that snapshot")
                .hasMessageContaining("restore it with the Jetway version that took it");
    }

    @Test
    void shouldReadEveryVersionOfARangeAndRefuseTheOnesOutsideIt() throws IOException {
        assertThat(versionReadFromRange(5)).isEqualTo(5);
        assertThat(versionReadFromRange(6)).isEqualTo(6);

        assertThatThrownBy(() -> versionReadFromRange(4))
                .isInstanceOf(InvalidObjectException.class)
                .hasMessageContaining("of format version 4: this Jetway version reads format 5 to 6.");
        assertThatThrownBy(() -> versionReadFromRange(7))
                .hasMessageContaining("of format version 7: this Jetway version reads format 5 to 6.");
    }

    private int versionReadFromRange(int written) throws IOException {
        var out = serialization.createObjectDataOutput();
        SnapshotFormat.writeVersion(out, written);
        return SnapshotFormat.readVersion(serialization.createObjectDataInput(out.toByteArray()), 5, 6,
                Versioned.class, "test value");
    }

    /** A snapshot value as Jetway writes them; a {@code version} other than {@link #SUPPORTED} plays a future one. */
    static final class Versioned implements DataSerializable {
        static final int SUPPORTED = 7;
        private int version;
        private String field;

        Versioned(int version, String field) {
            this.version = version;
            this.field = field;
        }

        private Versioned() {
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            SnapshotFormat.writeVersion(out, version);
            out.writeString(field);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            SnapshotFormat.readVersion(in, SUPPORTED, Versioned.class, "test value");
            field = in.readString();
        }
    }
}
