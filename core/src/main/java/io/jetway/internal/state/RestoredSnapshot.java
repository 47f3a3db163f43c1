package io.jetway.internal.state;

import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map.Entry;
import java.util.function.BiConsumer;

/**
 * The snapshot entries a keyed state host was restored from, kept until its backend is open. A snapshot
 * that Jet asks for meanwhile (a graceful restart's terminal snapshot, or the next regular one while a
 * long changelog restore runs) saves these entries again: no item was processed since the restore, so
 * they are still the state, and the snapshot completes at once instead of waiting for the restore.
 * <p>
 * With the {@code heap} backend the entries are the state itself; they are referenced (not copied) and
 * released as soon as the backend is open.
 */
final class RestoredSnapshot {

    private List<Entry<Object, Object>> entries;
    private boolean echoed;

    /** Keeps an entry the host was restored with. */
    void add(Object key, Object value) {
        if (entries == null) {
            entries = new ArrayList<>();
        }
        entries.add(new SimpleImmutableEntry<>(key, value));
    }

    /** The restore is over (it may have given no entries at all). */
    void restoreFinished() {
        if (entries == null) {
            entries = new ArrayList<>();
        }
    }

    /** Whether a restore gave entries that a snapshot can save again. */
    boolean isAvailable() {
        return entries != null;
    }

    /** Adds the kept entries to a snapshot, and remembers that the backend took no part in it. */
    void saveTo(BiConsumer<Object, Object> snapshot) {
        for (Entry<Object, Object> entry : entries) {
            snapshot.accept(entry.getKey(), entry.getValue());
        }
        echoed = true;
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
        entries = null;
    }
}
