package io.jetway.internal.state;

import com.hazelcast.internal.metrics.MetricDescriptor;
import com.hazelcast.internal.metrics.MetricsCollectionContext;
import com.hazelcast.internal.metrics.ProbeLevel;
import com.hazelcast.internal.metrics.ProbeUnit;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.jet.JetException;
import com.hazelcast.jet.core.BroadcastKey;
import com.hazelcast.jet.core.Processor;
import com.hazelcast.jet.impl.execution.init.Contexts;
import com.hazelcast.jet.impl.util.Util;
import com.hazelcast.logging.ILogger;
import io.jetway.spi.state.KeyedStateStore;
import io.jetway.spi.state.StateBackend;
import io.jetway.spi.state.StateBackendFactory;
import io.jetway.spi.state.StateSerde;
import io.jetway.state.StateConfig;

import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map.Entry;
import java.util.concurrent.CompletableFuture;

import static com.hazelcast.jet.core.BroadcastKey.broadcastKey;

/**
 * Hosts one processor's {@link StateBackend} through its life cycle: creation with the serdes, the open
 * (polled, never blocking), Jet's two-phase snapshot (on a {@link SnapshotPhaseRunner}), a snapshot while a
 * restore still opens the backend ({@link RestoredSnapshot}), restore routing, metrics and close. The
 * keyed-edge processors ({@link AbstractKeyedStateP}) and the aligned source stage ({@link AlignedStateStage})
 * both use it and keep only how items reach a state partition; a {@link StateEntryRouting} says how their
 * snapshot entries reach a processor at a restore.
 *
 * <h2>What a snapshot holds, per host</h2>
 * <pre>
 *   key                                           value   at a restore
 *   broadcastKey("jetway.state.sequence")         Long    the host's snapshot sequence; the largest is kept
 *   broadcastKey("jetway.state.watermark")        Long    the last watermark its processor acted on
 *                                                         (Long.MIN_VALUE when it acts on none); the smallest is kept
 *   StatePartitionKey(partition, chunk)           byte[]  a chunk of the backend's entries of one state partition
 *                                                         ({@link StateEntryChunks}), routed by the StateEntryRouting:
 *     keyed edge: bare, routed to the owner of Jet partition = state partition
 *     aligned:    in a broadcast key; each host keeps those of the state partitions it owns
 * </pre>
 * Any other key is not the host's ({@link #restoreEntry} returns false): its processor fails the restore with
 * {@link io.jetway.internal.snapshot.UnknownSnapshotKeyException} unless the key is its own.
 * <p>
 * Ordering: phase 1 starts only when the caller's {@link #prepareSnapshot} asks, so a caller makes everything
 * the state holds visible downstream first (a keyed processor drains its outputs; the aligned source records
 * its offsets). All calls come from the processor's thread; the backend's phases may run on the phase thread.
 *
 * @param <K> the key type
 * @param <S> the type of the state kept per key
 */
final class StateHost<K, S> {

    private static final BroadcastKey<String> SEQUENCE_KEY = broadcastKey("jetway.state.sequence");
    private static final BroadcastKey<String> WATERMARK_KEY = broadcastKey("jetway.state.watermark");

    private final StateConfig config;
    private final StateBackendFactory factory;
    private final RestoredSnapshot restored = new RestoredSnapshot();

    private StateBackend<K, S> backend;
    private StateEntryRouting routing;
    private Processor.Context context;
    private int statePartitionCount;
    private StateEntryChunks chunks;
    private KeyedStateStore<K, S>[] stores;
    private int[] ownedPartitions;
    private SnapshotPhaseRunner phases;
    private ILogger logger;
    private String where;
    private CompletableFuture<Void> opening;
    private boolean ready;
    private boolean restoring;
    private boolean phase1Running;
    private long snapshotSequence;
    private long restoredWatermark = Long.MAX_VALUE;

    /** A host of a backend of {@code factory}, configured by {@code config}; nothing is created before {@link #init}. */
    StateHost(StateConfig config, StateBackendFactory factory) {
        this.config = config;
        this.factory = factory;
    }

    /** Whether the hosting processor may be cooperative: the backend's store calls do not block. */
    boolean isCooperative() {
        return !factory.isBlocking();
    }

    /**
     * Creates the backend.
     *
     * @param statePartitionCount all state partitions of the vertex
     * @param ownedPartitions     those this processor owns
     * @param keySerde            the key serde the backend gets (see {@link #serde})
     * @param routing             how the backend's snapshot entries reach their owner at a restore
     */
    @SuppressWarnings("unchecked")
    void init(Processor.Context context, int statePartitionCount, int[] ownedPartitions, StateSerde<K> keySerde,
              StateEntryRouting routing) throws Exception {
        this.routing = routing;
        this.ownedPartitions = ownedPartitions.clone();
        this.context = context;
        this.statePartitionCount = statePartitionCount;
        logger = context.logger();
        where = "job '" + context.jobConfig().getName() + "' vertex '" + context.vertexName() + "'";
        StateSerde<S> valueSerde = serde(config.valueSerde(), context);
        backend = factory.create(new ProcessorStateContext<>(context, statePartitionCount, ownedPartitions,
                config.options(), keySerde, valueSerde));
        stores = new KeyedStateStore[statePartitionCount];
        phases = isCooperative() && factory.isSnapshotBlocking()
                ? SnapshotPhaseRunner.offThread("jetway-state-snapshot-" + context.vertexName() + "-"
                + context.globalProcessorIndex())
                : SnapshotPhaseRunner.inline();
    }

    /** {@code configured}, or the member's Hazelcast serialization when it is {@code null}. */
    @SuppressWarnings("unchecked")
    static <T> StateSerde<T> serde(StateSerde<?> configured, Processor.Context context) {
        return configured != null ? (StateSerde<T>) configured : new HazelcastStateSerde<>(serialization(context));
    }

    /** The serialization service of the processor's member. */
    static InternalSerializationService serialization(Processor.Context context) {
        return (InternalSerializationService) Util.getNodeEngine(context.hazelcastInstance()).getSerializationService();
    }

    /**
     * What packs the backend's snapshot entries and reads them back, in the job's serialization; made at the
     * first snapshot or restore.
     */
    private StateEntryChunks chunks() {
        if (chunks == null) {
            chunks = new StateEntryChunks(jobSerialization(context), routing, statePartitionCount);
        }
        return chunks;
    }

    /**
     * The job's Hazelcast serialization (with its job-level serializers and class loader), which Jet uses for
     * the snapshot entries it writes itself; the member's outside a job (a test's processor context).
     */
    static InternalSerializationService jobSerialization(Processor.Context context) {
        return context instanceof Contexts.ProcSupplierCtx job ? job.serializationService() : serialization(context);
    }

    /** "job 'x' vertex 'y'", for messages. */
    String where() {
        return where;
    }

    /** The backend's name, for messages. */
    String backendName() {
        return config.backendName();
    }

    /** Opens the backend at the first call (fresh start) and reports whether it is ready; never blocks. */
    boolean ensureReady() {
        if (ready) {
            return true;
        }
        if (opening == null) {
            opening = backend.open(restoring).toCompletableFuture();
        }
        if (!BackendOpening.completed(opening, where, config.backendName(), restoring)) {
            return false;
        }
        ready = true;
        restored.release();
        return true;
    }

    /**
     * The store of state partition {@code partition}, once ready.
     *
     * @throws IllegalArgumentException when this processor does not own the partition
     */
    KeyedStateStore<K, S> store(int partition) {
        KeyedStateStore<K, S> store = stores[partition];
        if (store == null) {
            store = backend.store(partition);
            stores[partition] = store;
        }
        return store;
    }

    /** The stores of every owned state partition, for index rebuilding. */
    List<KeyedStateStore<K, S>> ownedStores() {
        List<KeyedStateStore<K, S>> owned = new ArrayList<>(ownedPartitions.length);
        for (int p : ownedPartitions) {
            owned.add(store(p));
        }
        return owned;
    }

    /**
     * Phase 1 of a snapshot, driven across calls of the processor's {@code saveToSnapshot}: the first call
     * starts it and it returns true once the host's entries are all in {@code entries}. Pass the same list
     * until then and read it only then (the backend may fill it on the phase thread). Before the backend is
     * open, after a restore, it saves what stands for the restored state instead, or returns false, adding
     * nothing, while it cannot (a fresh start waits for the open; a backend may still be recovering).
     *
     * @param watermark the last watermark the processor acted on ({@code Long.MIN_VALUE} when none)
     */
    boolean prepareSnapshot(long watermark, List<Entry<Object, Object>> entries) {
        if (!phase1Running && !ensureReady()) {
            return saveWhileOpening(watermark, entries);
        }
        try {
            if (!phase1Running) {
                long sequence = ++snapshotSequence;
                entries.add(new SimpleImmutableEntry<>(SEQUENCE_KEY, sequence));
                entries.add(new SimpleImmutableEntry<>(WATERMARK_KEY, watermark));
                phase1Running = true;
                StateEntryChunks c = chunks();
                c.begin(entries);
                phases.start(() -> {
                    backend.prepareSnapshot(sequence, c);
                    c.finish();
                });
            }
            if (!phases.isDone()) {
                return false;
            }
        } catch (Exception e) {
            phase1Running = false;
            throw new JetException(where + ": state backend '" + config.backendName()
                    + "' failed in snapshot phase 1: " + e, e);
        }
        phase1Running = false;
        return true;
    }

    private boolean saveWhileOpening(long watermark, List<Entry<Object, Object>> entries) {
        if (!restored.isAvailable()) {
            return false;       // a fresh start: the first snapshot waits for the open
        }
        try {
            if (!restored.saveTo(backend, snapshotSequence, chunks(), entries)) {
                return false;   // the backend cannot answer before its recovery is done
            }
        } catch (Exception e) {
            throw new JetException(where + ": state backend '" + config.backendName()
                    + "' failed in a snapshot while opening: " + e, e);
        }
        // nothing was processed since the restore: the restored sequence and watermark still hold
        entries.add(new SimpleImmutableEntry<>(SEQUENCE_KEY, snapshotSequence));
        entries.add(new SimpleImmutableEntry<>(WATERMARK_KEY, watermark));
        return true;
    }

    /**
     * The processor has no input at hand: lets a ready backend do deferred work ({@link StateBackend#idle}),
     * never while phase 1 runs.
     */
    void idle() {
        if (!ready || phase1Running) {
            return;
        }
        try {
            backend.idle();
        } catch (Exception e) {
            throw new JetException(where + ": state backend '" + config.backendName() + "' failed while idle: " + e, e);
        }
    }

    /** Phase 2, driven across calls of the processor's {@code snapshotCommitFinish}: true once it is over. */
    boolean finishSnapshot(boolean success) {
        if (restored.finishEchoed()) {
            return true;        // the snapshot saved the restored entries again; the backend prepared nothing
        }
        try {
            return phases.step(() -> backend.finishSnapshot(snapshotSequence, success));
        } catch (Exception e) {
            throw new JetException(where + ": state backend '" + config.backendName() + "' failed to "
                    + (success ? "commit" : "keep") + " snapshot " + snapshotSequence + ": " + e, e);
        }
    }

    /** Takes a restored snapshot entry if it is the host's (see the class comment); returns whether it was. */
    boolean restoreEntry(Object key, Object value) {
        if (SEQUENCE_KEY.equals(key)) {
            restoring = true;
            snapshotSequence = Math.max(snapshotSequence, (Long) value);
            return true;
        }
        if (WATERMARK_KEY.equals(key)) {
            restoring = true;
            restoredWatermark = Math.min(restoredWatermark, (Long) value);
            return true;
        }
        StatePartitionKey k = routing.entryKey(key);
        if (k == null) {
            return false;
        }
        restoring = true;
        if (!routing.restores(k.statePartition())) {
            return true;        // another processor's partition
        }
        if (!(value instanceof byte[] chunk)) {
            throw new JetException(where + ": state backend '" + config.backendName() + "': the snapshot entry of "
                    + k + " is not a chunk of entries but " + (value == null ? "null" : value.getClass().getName()));
        }
        restored.addBackendEntry(key, chunk);
        try {
            chunks().read(k.statePartition(), chunk, backend::restoreEntry);
        } catch (Exception e) {
            throw new JetException(where + ": state backend '" + config.backendName() + "' refused a snapshot entry "
                    + "of state partition " + k.statePartition() + " (chunk " + k.chunk() + "): " + e, e);
        }
        return true;
    }

    /** All restored entries were given: opens the backend for the restore. */
    void finishRestore() {
        restoring = true;
        restored.restoreFinished();
        opening = backend.open(true).toCompletableFuture();
    }

    /** The smallest watermark restored, {@code Long.MAX_VALUE} when none was. */
    long restoredWatermark() {
        return restoredWatermark;
    }

    /** Publishes the backend's metrics; called from Jet's metrics thread. */
    void provideDynamicMetrics(MetricDescriptor descriptor, MetricsCollectionContext context) {
        StateBackend<K, S> b = backend;
        if (b != null) {
            b.collectMetrics((name, value) -> context.collect(descriptor, name, ProbeLevel.INFO, ProbeUnit.COUNT, value));
        }
    }

    /** Stops the phase thread (waiting a bounded time), then closes the backend; idempotent. */
    void close() throws Exception {
        if (phases != null) {
            try {
                if (!phases.close()) {
                    logger.warning(where + ": a snapshot phase of state backend '" + config.backendName()
                            + "' still runs after the close timeout; the backend is closed anyway and must not free "
                            + "what that phase uses (see StateBackend.close)");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();     // close the backend all the same
            }
        }
        if (backend != null) {
            backend.close();
        }
    }
}
