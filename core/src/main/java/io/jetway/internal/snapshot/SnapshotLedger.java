package io.jetway.internal.snapshot;

import com.hazelcast.internal.partition.IPartitionService;
import com.hazelcast.jet.core.BroadcastKey;

import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.Map.Entry;
import java.util.function.ToIntFunction;

import static com.hazelcast.jet.core.BroadcastKey.broadcastKey;

/**
 * Counts the entries one processor saves to a Jet snapshot, by where a restore routes them (every processor
 * for a {@link BroadcastKey}, the owner of the key's Jet partition otherwise), and turns the counts into the
 * {@link SnapshotManifest} saved after them.
 */
public final class SnapshotLedger {

    private final int saverIndex;
    private final int saverCount;
    private final ToIntFunction<Object> partitionOf;
    private final long[] perPartition;
    private long broadcast;

    /**
     * A ledger of processor {@code saverIndex} of {@code saverCount}; {@code partitionService} places keys that
     * are not broadcast ({@code null} for a processor that saves broadcast keys only).
     */
    public SnapshotLedger(int saverIndex, int saverCount, IPartitionService partitionService) {
        this(saverIndex, saverCount, partitionService == null ? 0 : partitionService.getPartitionCount(),
                partitionService == null ? null : partitionService::getPartitionId);
    }

    SnapshotLedger(int saverIndex, int saverCount, int partitionCount, ToIntFunction<Object> partitionOf) {
        this.saverIndex = saverIndex;
        this.saverCount = saverCount;
        this.partitionOf = partitionOf;
        this.perPartition = new long[partitionCount];
    }

    /** Counts an entry saved under {@code key}. */
    public void count(Object key) {
        if (key instanceof BroadcastKey) {
            broadcast++;
        } else if (partitionOf == null) {
            throw new IllegalStateException("a snapshot key that is not broadcast, from a processor that saves "
                    + "broadcast keys only: " + key);
        } else if (key instanceof PartitionedSnapshotKey k) {
            perPartition[k.jetPartition()]++;
        } else {
            perPartition[partitionOf.applyAsInt(key)]++;
        }
    }

    /** The manifest entry of what was counted since the last call; the counts start again from zero. */
    public Entry<Object, Object> closeManifest() {
        int used = 0;
        for (long n : perPartition) {
            if (n != 0) {
                used++;
            }
        }
        int[] partitions = new int[used];
        long[] counts = new long[used];
        for (int p = 0, i = 0; p < perPartition.length; p++) {
            if (perPartition[p] != 0) {
                partitions[i] = p;
                counts[i++] = perPartition[p];
                perPartition[p] = 0;
            }
        }
        SnapshotManifest manifest = new SnapshotManifest(saverIndex, saverCount, broadcast, partitions, counts);
        broadcast = 0;
        return new SimpleImmutableEntry<>(broadcastKey(new ManifestKey(saverIndex)), manifest);
    }

    /** Whether {@code key} is a manifest's key (a restore gives manifests to a {@link RestoreAudit} only). */
    public static boolean isManifestKey(Object key) {
        return key instanceof BroadcastKey<?> b && b.key() instanceof ManifestKey;
    }
}
