package io.jetway.internal.state;

import io.jetway.spi.state.SnapshotWhileOpening;
import io.jetway.spi.state.StateBackend;

import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map.Entry;

/**
 * The backend entries a {@link StateHost} was restored from, kept until its backend is open, so that a
 * snapshot Jet asks for meanwhile (a graceful restart's terminal snapshot, or the next regular one while a
 * long changelog restore runs) completes without waiting for the restore: no item was processed since, and
 * the backend answers for its entries ({@link StateBackend#prepareSnapshotWhileOpening}): saved again as
 * restored, written anew, or not yet (the snapshot waits).
 * <p>
 * The entries are kept as restored: chunks of serialized backend entries ({@link StateEntryChunks}); with the
 * {@code heap} backend they are the state itself in bytes, released as soon as the backend is open.
 */
final class RestoredSnapshot {

    private List<Entry<Object, Object>> backendEntries;
    private boolean finished;
    private boolean echoed;

    /** Keeps a chunk of entries the backend was restored with, under its snapshot key. */
    void addBackendEntry(Object snapshotKey, Object value) {
        ensureList();
        backendEntries.add(new SimpleImmutableEntry<>(snapshotKey, value));
    }

    /** The restore is over (it may have given no entries at all). */
    void restoreFinished() {
        ensureList();
        finished = true;
    }

    /** Whether a restore happened, so that a snapshot may be answered before the backend is open. */
    boolean isAvailable() {
        return finished;
    }

    /**
     * Adds the backend's answer to a snapshot to {@code snapshot} (what it wrote anew, packed by {@code chunks},
     * or the kept chunks) and remembers that the backend's phase 2 must be skipped; returns false, adding
     * nothing, when the backend cannot answer yet.
     */
    boolean saveTo(StateBackend<?, ?> backend, long snapshotId, StateEntryChunks chunks,
                   List<Entry<Object, Object>> snapshot) throws Exception {
        List<Entry<Object, Object>> written = new ArrayList<>();
        chunks.begin(written);
        SnapshotWhileOpening answer = backend.prepareSnapshotWhileOpening(snapshotId, chunks);
        chunks.finish();
        if (answer == SnapshotWhileOpening.NOT_YET) {
            return false;
        }
        snapshot.addAll(answer == SnapshotWhileOpening.WRITTEN ? written : backendEntries);
        echoed = true;
        return true;
    }

    /**
     * Whether phase 2 of the snapshot now finishing concerns the kept entries only (the backend prepared
     * nothing for it); resets the mark.
     */
    boolean finishEchoed() {
        boolean was = echoed;
        echoed = false;
        return was;
    }

    /** The backend is open: the entries are no longer needed. */
    void release() {
        backendEntries = null;
    }

    private void ensureList() {
        if (backendEntries == null) {
            backendEntries = new ArrayList<>();
        }
    }
}
