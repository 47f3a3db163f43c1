package io.jetway.spi.state;

/**
 * A backend's answer to a snapshot Jet asks for before its {@link StateBackend#open open} completed (a
 * graceful restart's terminal snapshot, or a regular snapshot during a long restore); see
 * {@link StateBackend#prepareSnapshotWhileOpening}.
 */
public enum SnapshotWhileOpening {

    /**
     * Save the entries the backend was restored from again, unchanged: right when they stay valid in any later
     * execution, for example when they are the state itself (the {@code heap} backend).
     */
    SAVE_RESTORED_ENTRIES,

    /** The call wrote what a restore needs; the restored entries are not saved again. */
    WRITTEN,

    /** The backend cannot answer yet: the snapshot waits and asks again later. Nothing was written. */
    NOT_YET
}
