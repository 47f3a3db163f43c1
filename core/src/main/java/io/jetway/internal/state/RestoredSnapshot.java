package io.jetway.internal.state;

import io.jetway.spi.state.SnapshotWhileOpening;
import io.jetway.spi.state.SnapshotWriter;
import io.jetway.spi.state.StateBackend;

import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map.Entry;
import java.util.function.BiConsumer;

/**
 * The snapshot entries a keyed state host was restored from, kept until its backend is open, so that a
 * snapshot Jet asks for meanwhile (a graceful restart's terminal snapshot, or the next regular one while a
 * long changelog restore runs) completes without waiting for the restore: no item was processed since, so
 * the host's own entries (sequence, watermark) are saved again, and the backend answers for its entries
 * ({@link StateBackend#prepareSnapshotWhileOpening}): saved again as restored, written anew, or not yet
 * (the snapshot waits).
 * <p>
 * With the {@code heap} backend the entries are the state itself; they are referenced (not copied) and
 * released as soon as the backend is open.
 */
final class RestoredSnapshot {

    /** How a host turns a backend's (state partition, key) into its snapshot key. */
    @FunctionalInterface
    interface BackendKeys {
        Object snapshotKey(int statePartition, Object backendKey);
    }

    private List<Entry<Object, Object>> hostEntries;
    private List<Entry<Object, Object>> backendEntries;
    private boolean echoed;

    /** Keeps an entry of the host's own. */
    void addHostEntry(Object key, Object value) {
        ensureLists();
        hostEntries.add(new SimpleImmutableEntry<>(key, value));
    }

    /** Keeps an entry the backend was restored with, under its snapshot key. */
    void addBackendEntry(Object snapshotKey, Object value) {
        ensureLists();
        backendEntries.add(new SimpleImmutableEntry<>(snapshotKey, value));
    }

    /** The restore is over (it may have given no entries at all). */
    void restoreFinished() {
        ensureLists();
    }

    /** Whether a restore happened, so that a snapshot may be answered before the backend is open. */
    boolean isAvailable() {
        return hostEntries != null;
    }

    /**
     * Adds the host's kept entries and the backend's answer to a snapshot and remembers that the backend's
     * phase 2 must be skipped; returns false, adding nothing, when the backend cannot answer yet.
     */
    boolean saveTo(StateBackend<?, ?> backend, long snapshotId, BackendKeys keys, BiConsumer<Object, Object> snapshot)
            throws Exception {
        List<Entry<Object, Object>> written = new ArrayList<>();
        SnapshotWriter writer = (partition, key, value) ->
                written.add(new SimpleImmutableEntry<>(keys.snapshotKey(partition, key), value));
        SnapshotWhileOpening answer = backend.prepareSnapshotWhileOpening(snapshotId, writer);
        if (answer == SnapshotWhileOpening.NOT_YET) {
            return false;
        }
        addAll(hostEntries, snapshot);
        addAll(answer == SnapshotWhileOpening.WRITTEN ? written : backendEntries, snapshot);
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
        hostEntries = null;
        backendEntries = null;
    }

    private void ensureLists() {
        if (hostEntries == null) {
            hostEntries = new ArrayList<>();
            backendEntries = new ArrayList<>();
        }
    }

    private static void addAll(List<Entry<Object, Object>> entries, BiConsumer<Object, Object> snapshot) {
        for (Entry<Object, Object> entry : entries) {
            snapshot.accept(entry.getKey(), entry.getValue());
        }
    }
}
