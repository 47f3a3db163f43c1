package io.jetway.internal.snapshot;

import com.hazelcast.jet.core.Processor;
import io.jetway.SnapshotIncompleteException;

import java.util.Arrays;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks that a processor's restore received every entry the savers of the snapshot saved for it: the
 * savers' {@link SnapshotManifest}s say how many entries each saved broadcast and per Jet partition; the
 * restoring processor must have received all their broadcast entries, those of the partitions it owns, and a
 * manifest from every saver. Anything less fails the restore with a {@link SnapshotIncompleteException}, so a
 * job never runs on from a snapshot that Hazelcast stored incompletely.
 * <p>
 * A vertex new in a job restored from an older snapshot (an exported one) has nothing in it; list such
 * vertices in the job argument {@value #NEW_VERTICES_ARGUMENT} (comma-separated names).
 */
public final class RestoreAudit {

    /** Job argument: vertices allowed to restore from a snapshot that holds nothing of them. */
    public static final String NEW_VERTICES_ARGUMENT = "jetway.snapshot.newVertices";

    private final TreeMap<Integer, SnapshotManifest> manifests = new TreeMap<>();
    private long received;

    /**
     * Takes a restored entry: a manifest is kept (the caller skips it, {@code true}), any other entry is
     * counted ({@code false}: the caller restores it).
     */
    public boolean take(Object key, Object value) {
        if (!SnapshotLedger.isManifestKey(key)) {
            received++;
            return false;
        }
        SnapshotManifest manifest = (SnapshotManifest) value;
        manifests.merge(manifest.saverIndex(), manifest, (a, b) -> {
            if (!a.equals(b)) {
                throw new SnapshotIncompleteException("two different manifests of processor " + a.saverIndex()
                        + " in one snapshot: " + a + ", " + b);
            }
            return a;
        });
        return true;
    }

    /**
     * Fails unless everything saved for this processor arrived; the counts start again afterwards.
     *
     * @param context the restoring processor's context (its name, owned partitions, job arguments)
     */
    public void verify(Processor.Context context) {
        try {
            // only partitioned entries need the owned partitions (Jet's TestSupport contexts cannot tell them)
            boolean partitioned = manifests.values().stream().anyMatch(m -> m.partitions().length > 0);
            String problem = problem(partitioned ? context.processorPartitions() : new int[0]);
            if (problem == null || (manifests.isEmpty() && received == 0 && isNewVertex(context))) {
                return;
            }
            throw new SnapshotIncompleteException("job '" + context.jobConfig().getName() + "' vertex '"
                    + context.vertexName() + "' processor " + context.globalProcessorIndex() + ": the snapshot it is "
                    + "restored from is incomplete: " + problem + ". Hazelcast 5.2 to 5.7 drop snapshot entries when a "
                    + "member's snapshot writer is overloaded (docs/snapshot-entry-loss.md); restoring would start "
                    + "from wrong state, so the restore stops here. What to do: start the job anew from an exported "
                    + "snapshot taken earlier or from its input; keep large state in the kafka-changelog backend; and "
                    + "if this vertex is new in the job, so that the snapshot cannot hold anything of it, name it in "
                    + "the job argument '" + NEW_VERTICES_ARGUMENT + "'");
        } finally {
            manifests.clear();
            received = 0;
        }
    }

    // What is missing, or null when nothing is.
    String problem(int[] ownedPartitions) {
        if (manifests.isEmpty()) {
            return received == 0 ? "it holds no entry of this vertex at all, not even the manifests every Jetway "
                    + "processor saves" : "it holds " + received + " entries but no manifest of any saving processor";
        }
        int saverCount = manifests.firstEntry().getValue().saverCount();
        TreeSet<Integer> missing = new TreeSet<>();
        for (int i = 0; i < saverCount; i++) {
            if (!manifests.containsKey(i)) {
                missing.add(i);
            }
        }
        boolean[] owned = new boolean[Arrays.stream(ownedPartitions).max().orElse(-1) + 1];
        for (int p : ownedPartitions) {
            owned[p] = true;
        }
        long expected = 0;
        for (SnapshotManifest m : manifests.values()) {
            expected += m.entriesFor(owned);
        }
        if (missing.isEmpty() && expected == received) {
            return null;
        }
        StringBuilder s = new StringBuilder();
        s.append(expected == received ? "its entries are all there" : "it holds " + received + " of the " + expected
                + " entries the manifests list for this processor");
        if (!missing.isEmpty()) {
            s.append(", and the manifests of processors ").append(missing).append(" of ").append(saverCount)
                    .append(" are missing (their entries cannot be counted)");
        }
        return s.toString();
    }

    private static boolean isNewVertex(Processor.Context context) {
        String names = context.jobConfig().getArgument(NEW_VERTICES_ARGUMENT);
        return names != null && Arrays.stream(names.split(",")).map(String::trim).anyMatch(context.vertexName()::equals);
    }
}
