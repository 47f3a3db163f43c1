package io.jetway.internal.snapshot;

import com.hazelcast.internal.partition.IPartitionService;
import com.hazelcast.jet.Traverser;
import com.hazelcast.jet.core.Processor;

import java.util.Map.Entry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Emits a processor's entries into one Jet snapshot: paced by a {@link SnapshotWriterPacer}, counted by a
 * {@link SnapshotLedger}, and followed by the ledger's manifest. Call {@link #emit} from {@code saveToSnapshot}
 * until it returns {@code true}, with the same traverser; it keeps an entry the outbox refused.
 */
public final class SnapshotEmitter {

    /** The outbox's snapshot bucket: {@code AbstractProcessor::tryEmitToSnapshot} or {@code Outbox::offerToSnapshot}. */
    @FunctionalInterface
    public interface SnapshotOutbox {
        /** Offers an entry; {@code false} when it must be offered again later. */
        boolean offer(Object key, Object value);
    }

    private static final AtomicLong OUTBOX_REFUSALS = new AtomicLong();
    private static final AtomicLong EMITTED_SNAPSHOTS = new AtomicLong();

    private final SnapshotLedger ledger;
    private final SnapshotWriterPacer pacer;
    private Entry<?, ?> pending;
    private Entry<Object, Object> manifest;

    /** An emitter counting into {@code ledger} and paced by {@code pacer}. */
    public SnapshotEmitter(SnapshotLedger ledger, SnapshotWriterPacer pacer) {
        this.ledger = ledger;
        this.pacer = pacer;
    }

    /**
     * The emitter of the processor of {@code context}, paced by its member's writer; {@code partitions} places
     * keys that are not broadcast ({@code null} when the processor saves broadcast keys only).
     */
    public static SnapshotEmitter of(Processor.Context context, IPartitionService partitions) {
        CallbackPoolCheck.checkOnce(context.logger());     // every snapshotting processor comes here
        return new SnapshotEmitter(new SnapshotLedger(context.globalProcessorIndex(), context.totalParallelism(),
                partitions), SnapshotWriterPacer.of(context.hazelcastInstance()));
    }

    /** How often the snapshot outbox of any emitter in this JVM refused an entry, for diagnostics and tests. */
    public static long outboxRefusals() {
        return OUTBOX_REFUSALS.get();
    }

    /** How many snapshots (manifest included) the emitters in this JVM have emitted, for diagnostics and tests. */
    public static long emittedSnapshots() {
        return EMITTED_SNAPSHOTS.get();
    }

    /**
     * Emits what {@code entries} still has, then the manifest; {@code true} once all is in the outbox (the next
     * call starts the next snapshot), {@code false} when the outbox or the pacer holds it back.
     */
    public boolean emit(Traverser<? extends Entry<?, ?>> entries, SnapshotOutbox outbox) {
        if (manifest == null) {
            for (;;) {
                if (pending == null) {
                    pending = entries.next();
                    if (pending == null) {
                        break;
                    }
                }
                if (!pacer.mayEmit()) {
                    return false;
                }
                if (!outbox.offer(pending.getKey(), pending.getValue())) {
                    OUTBOX_REFUSALS.incrementAndGet();
                    return false;
                }
                ledger.count(pending.getKey());
                pending = null;
            }
            manifest = ledger.closeManifest();
        }
        if (!outbox.offer(manifest.getKey(), manifest.getValue())) {
            OUTBOX_REFUSALS.incrementAndGet();
            return false;
        }
        manifest = null;
        EMITTED_SNAPSHOTS.incrementAndGet();
        return true;
    }
}
