package io.jetway.internal.snapshot;

import java.io.Serializable;
import java.util.Arrays;

/**
 * What one processor saved to one Jet snapshot besides this manifest, saved last: how many broadcast entries
 * (every processor receives them at a restore) and how many entries per Jet partition (the owner of that
 * partition receives them).
 *
 * @param saverIndex        the saving processor's global index
 * @param saverCount        the vertex's total parallelism when it saved
 * @param broadcastEntries  broadcast entries saved
 * @param partitions        Jet partitions with partitioned entries, ascending
 * @param partitionEntries  entries saved per partition of {@code partitions}
 */
record SnapshotManifest(int saverIndex, int saverCount, long broadcastEntries, int[] partitions,
                        long[] partitionEntries) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The entries of this saver that a processor owning {@code owned} (a Jet partition mask) receives. */
    long entriesFor(boolean[] owned) {
        long n = broadcastEntries;
        for (int i = 0; i < partitions.length; i++) {
            int p = partitions[i];
            if (p < owned.length && owned[p]) {
                n += partitionEntries[i];
            }
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SnapshotManifest m && saverIndex == m.saverIndex && saverCount == m.saverCount
                && broadcastEntries == m.broadcastEntries && Arrays.equals(partitions, m.partitions)
                && Arrays.equals(partitionEntries, m.partitionEntries);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * saverIndex + Long.hashCode(broadcastEntries)) + Arrays.hashCode(partitions);
    }

    @Override
    public String toString() {
        return "SnapshotManifest{saver " + saverIndex + " of " + saverCount + ", broadcast " + broadcastEntries
                + ", partitioned " + Arrays.stream(partitionEntries).sum() + " in " + partitions.length + " partitions}";
    }
}
