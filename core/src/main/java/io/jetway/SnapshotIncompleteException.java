package io.jetway;

import com.hazelcast.jet.JetException;

/**
 * A Jetway processor was restored from a Jet snapshot that lacks entries it saved (Hazelcast 5.2.0 to 5.7.0 drop
 * entries its snapshot writer refuses, see docs/snapshot-entry-loss.md). The restore stops instead of
 * running on from wrong state; the message says what is missing and what to do.
 */
public class SnapshotIncompleteException extends JetException {

    private static final long serialVersionUID = 1L;

    /** An exception with the given message. */
    public SnapshotIncompleteException(String message) {
        super(message);
    }
}
