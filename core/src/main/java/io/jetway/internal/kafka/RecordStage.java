package io.jetway.internal.kafka;

import com.hazelcast.internal.metrics.MetricDescriptor;
import com.hazelcast.internal.metrics.MetricsCollectionContext;
import com.hazelcast.jet.core.Processor;

import java.io.Serializable;
import java.util.function.BiConsumer;

/**
 * Work the Kafka source does on each decoded item before emitting it, with state of its own that takes
 * part in the source's snapshots: used for "aligned" keyed state, where the state partition is the Kafka
 * partition and no shuffle happens. Calls come from the source processor's thread, one at a time; the
 * snapshot phases of a stage whose snapshots block come from a thread of their own.
 */
public interface RecordStage {

    /** Creates one stage per source processor. */
    @FunctionalInterface
    interface Factory extends Serializable {
        /** A new stage; {@code classLoader} is the job's. */
        RecordStage create(ClassLoader classLoader);
    }

    /** Whether calls may block on I/O: the source then runs on a thread of its own. */
    boolean isBlocking();

    /**
     * Whether only {@link #prepareSnapshot} and {@link #finishSnapshot} may block: a cooperative source then
     * calls them on a thread of its own and waits, calling nothing else of the stage meanwhile.
     */
    boolean isSnapshotBlocking();

    /** Called once from the source's {@code init}, when its partitions are known. */
    void init(Processor.Context context, String topic, int partitionCount, int[] ownedPartitions) throws Exception;

    /** Whether items can be applied; opens the stage at the first call. Never blocks. */
    boolean ready();

    /** Applies the stage to an item of {@code partition}; returns what to emit, or {@code null}. */
    Object apply(Object item, int partition) throws Exception;

    /** Phase 1: adds the stage's snapshot entries (broadcast keys). */
    void prepareSnapshot(BiConsumer<Object, Object> entries) throws Exception;

    /**
     * Called instead of {@link #prepareSnapshot} when a snapshot is due before {@link #ready()}: adds the
     * entries that stand for the restored state (nothing was applied since) and returns true, or returns
     * false, adding nothing, when it cannot yet (a fresh start waits for the open; a backend may still be
     * recovering). The {@link #finishSnapshot} that follows is then the stage's own business.
     */
    boolean saveWhileOpening(BiConsumer<Object, Object> entries) throws Exception;

    /** Phase 2. */
    void finishSnapshot(boolean success) throws Exception;

    /** Takes a snapshot entry if it is the stage's; returns whether it was. */
    boolean restoreEntry(Object key, Object value) throws Exception;

    /** All snapshot entries were given: start the restore. */
    void finishRestore();

    /** Publishes the stage's metrics. */
    void provideDynamicMetrics(MetricDescriptor descriptor, MetricsCollectionContext context);

    /** Frees everything; idempotent. */
    void close() throws Exception;
}
