package io.jetway.state;

import io.jetway.internal.state.HeapStateBackend;
import io.jetway.spi.state.KeyedStateStore;
import io.jetway.spi.state.SnapshotWriter;
import io.jetway.spi.state.StateBackend;
import io.jetway.spi.state.StateBackendContext;
import io.jetway.spi.state.StateBackendFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ObjLongConsumer;

/**
 * The heap backend whose restores can be held open, for job tests with members in this JVM: while
 * {@link #holdRestores()} is in force, {@code open(true)} returns a future that completes only at
 * {@link #releaseRestores()}, like a long changelog restore.
 */
public final class HeldRestoreBackendFactory implements StateBackendFactory {

    /** The name to select it by. */
    public static final String NAME = "held-restore-heap";

    private static final AtomicInteger HELD_OPENS = new AtomicInteger();
    private static volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);

    /** From now on, every restore waits until {@link #releaseRestores()}. */
    public static void holdRestores() {
        gate = new CompletableFuture<>();
    }

    /** Lets every held and future restore finish. */
    public static void releaseRestores() {
        gate.complete(null);
    }

    /** How many restores have been held so far. */
    public static int heldOpens() {
        return HELD_OPENS.get();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public <K, V> StateBackend<K, V> create(StateBackendContext<K, V> context) {
        return new Held<>(new HeapStateBackend<>(context.ownedStatePartitions(), context.statePartitionCount()));
    }

    /** Delegates to the heap backend; a restoring open waits for the gate. */
    private static final class Held<K, V> implements StateBackend<K, V> {
        private final HeapStateBackend<K, V> heap;

        Held(HeapStateBackend<K, V> heap) {
            this.heap = heap;
        }

        @Override
        public void restoreEntry(int statePartition, Object key, Object value) {
            heap.restoreEntry(statePartition, key, value);
        }

        @Override
        public CompletionStage<Void> open(boolean restoring) {
            CompletableFuture<Void> current = gate;
            if (!restoring || current.isDone()) {
                return heap.open(restoring);
            }
            HELD_OPENS.incrementAndGet();
            return current;
        }

        @Override
        public KeyedStateStore<K, V> store(int statePartition) {
            return heap.store(statePartition);
        }

        @Override
        public void prepareSnapshot(long snapshotId, SnapshotWriter snapshot) {
            heap.prepareSnapshot(snapshotId, snapshot);
        }

        @Override
        public void finishSnapshot(long snapshotId, boolean success) {
            heap.finishSnapshot(snapshotId, success);
        }

        @Override
        public void collectMetrics(ObjLongConsumer<String> metrics) {
            heap.collectMetrics(metrics);
        }

        @Override
        public void close() {
            heap.close();
        }
    }
}
