package io.jetway.internal.kafka;

import com.hazelcast.internal.metrics.MetricDescriptor;
import com.hazelcast.internal.metrics.MetricsCollectionContext;
import com.hazelcast.jet.core.Processor;

import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import java.util.Map.Entry;

/**
 * Work the Kafka source does on each decoded item before emitting it, with state of its own that takes
 * part in the source's snapshots: the source's extension point for "aligned" keyed state, where the state
 * partition is the Kafka partition and no shuffle happens. All calls come from the source processor's
 * thread, one at a time; a stage whose snapshot phases block runs them on a thread of its own and answers
 * {@code false} meanwhile.
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

    /** Called once from the source's {@code init}, when its partitions are known. */
    void init(Processor.Context context, String topic, int partitionCount, int[] ownedPartitions) throws Exception;

    /** Whether items can be applied; opens the stage at the first call. Never blocks. */
    boolean ready();

    /** Applies the stage to an item of {@code partition}; returns what to emit, or {@code null}. */
    Object apply(Object item, int partition) throws Exception;

    /**
     * Whether the stage holds its outputs back ({@code OutputMode.NEWEST_PER_SNAPSHOT}): {@link #apply} then
     * answers {@code null}, and the source emits the held outputs, unwrapped, before each snapshot's barrier.
     */
    default boolean holdsOutputs() {
        return false;
    }

    /** Whether held outputs are due without a snapshot (a job that takes none); checked between batches. */
    default boolean heldOutputsDue(long nowNanos) {
        return false;
    }

    /** Adds the held outputs to the end of {@code into}, in order, and holds none after. */
    default void releaseHeldOutputs(Collection<Object> into) {
    }

    /** The source's poll found no record: the stage's backend may do deferred work ({@code StateBackend.idle}). */
    default void idle() {
    }

    /**
     * Phase 1 of a snapshot, driven across calls of the source's {@code saveToSnapshot}, which applies no
     * item until it returns true: true once the stage's entries (broadcast keys) are all in {@code entries}.
     * The source passes the same list until then and reads it only then. Before {@link #ready()}, after a
     * restore, the stage saves what stands for its restored state; it returns false, adding nothing, while it
     * cannot answer yet (a fresh start waits for the open; a backend may still be recovering).
     */
    boolean saveToSnapshot(List<Entry<Object, Object>> entries);

    /** Phase 2, driven across calls of the source's {@code snapshotCommitFinish}: true once it is over. */
    boolean snapshotCommitFinish(boolean success);

    /** Takes a snapshot entry if it is the stage's; returns whether it was. */
    boolean restoreEntry(Object key, Object value);

    /** All snapshot entries were given: start the restore. */
    void finishRestore();

    /** Publishes the stage's metrics. */
    void provideDynamicMetrics(MetricDescriptor descriptor, MetricsCollectionContext context);

    /** Frees everything; idempotent. */
    void close() throws Exception;
}
