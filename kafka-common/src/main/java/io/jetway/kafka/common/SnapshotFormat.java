package io.jetway.kafka.common;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;

import java.io.IOException;
import java.io.InvalidObjectException;

/**
 * The format version that every value Jetway puts into a Jet snapshot writes first.
 * <p>
 * Snapshot values are Hazelcast {@link com.hazelcast.nio.serialization.DataSerializable}s: Hazelcast writes
 * their class name, then their {@code writeData} writes {@link #writeVersion the version} and the fields one by
 * one; no factory to register, nothing for users to configure, and never Java serialization of an internal
 * class. A value whose {@code readData} finds a version it does not know refuses it ({@link #readVersion})
 * with a message that names the version, the class and what to do, instead of misreading its fields.
 * <p>
 * A change of a value's fields means a new version; a Jetway release that still reads the previous one says so
 * in the value's javadoc and accepts both.
 */
public final class SnapshotFormat {

    private SnapshotFormat() {
    }

    /** Writes {@code version}, the first field of a snapshot value. */
    public static void writeVersion(ObjectDataOutput out, int version) throws IOException {
        out.writeInt(version);
    }

    /**
     * Reads the version written by {@link #writeVersion} and refuses any but {@code supported}.
     *
     * @param what what the value is, for the message, e.g. "kafka-changelog snapshot entry"
     * @throws InvalidObjectException naming the version, the class, the supported version and what to do
     */
    public static void readVersion(ObjectDataInput in, int supported, Class<?> type, String what) throws IOException {
        readVersion(in, supported, supported, type, what);
    }

    /**
     * Reads the version written by {@link #writeVersion} and refuses any outside {@code [oldest, newest]}: for a
     * value whose newest format added fields that a release still reads without.
     *
     * @param what what the value is, for the message, e.g. "kafka-changelog snapshot entry"
     * @return the version read
     * @throws InvalidObjectException naming the version, the class, the supported versions and what to do
     */
    public static int readVersion(ObjectDataInput in, int oldest, int newest, Class<?> type, String what)
            throws IOException {
        int version = in.readInt();
        if (version < oldest || version > newest) {
            throw new InvalidObjectException("Cannot restore a " + what + " (" + type.getName() + ") of format "
                    + "version " + version + ": this Jetway version reads format "
                    + (oldest == newest ? oldest + " only" : oldest + " to " + newest) + ". The "
                    + "snapshot was taken by another Jetway version: start the job without that snapshot (as a new "
                    + "job, processing its input again), or restore it with the Jetway version that took it");
        }
        return version;
    }
}
