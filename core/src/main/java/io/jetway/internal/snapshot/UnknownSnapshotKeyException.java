package io.jetway.internal.snapshot;

import com.hazelcast.jet.JetException;

/**
 * A restore met a snapshot key that the restoring processor does not know: a snapshot of another Jetway
 * version (pre-1.0 snapshots are not restorable across versions), or of another job whose vertex had the
 * same name. The entry is never dropped silently: the restore fails naming it.
 */
public final class UnknownSnapshotKeyException extends JetException {

    private static final long serialVersionUID = 1L;

    /**
     * @param where the job and vertex, for the message
     * @param key   the unknown key
     */
    public UnknownSnapshotKeyException(String where, Object key) {
        super(where + ": the snapshot holds an entry with the key " + key + " (" + key.getClass().getName()
                + "), which this processor does not save: the snapshot was taken by another version of Jetway, "
                + "or by another job with a vertex of the same name. Start the job without this snapshot");
    }
}
