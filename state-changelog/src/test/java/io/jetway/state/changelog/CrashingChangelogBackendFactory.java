package io.jetway.state.changelog;

import com.hazelcast.jet.RestartableException;
import io.jetway.spi.state.KeyedStateStore;
import io.jetway.spi.state.SnapshotWhileOpening;
import io.jetway.spi.state.SnapshotWriter;
import io.jetway.spi.state.StateBackend;
import io.jetway.spi.state.StateBackendContext;
import io.jetway.spi.state.StateBackendFactory;
import io.jetway.state.StateConfig;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ObjLongConsumer;

/**
 * The {@code kafka-changelog} backend with a fault switch, for job tests with members in this JVM: when
 * {@link #crashAtNextPhase2()} is armed, the first processor to reach phase 2 of a successful snapshot
 * throws a {@link RestartableException} instead of committing, so Jet restarts the job from that
 * snapshot while some processors committed their transactions and this one did not.
 */
public final class CrashingChangelogBackendFactory implements StateBackendFactory {

    /** The name to select it by. */
    public static final String NAME = "crashing-kafka-changelog";

    private static final AtomicBoolean CRASH_AT_PHASE_2 = new AtomicBoolean();
    private static final AtomicInteger CRASHES = new AtomicInteger();

    private final KafkaChangelogStateBackendFactory delegate = new KafkaChangelogStateBackendFactory();

    /** A state config that selects this backend, with the options of {@code changelog}. */
    static StateConfig stateConfig(KafkaChangelogConfig changelog) {
        StateConfig state = StateConfig.backend(NAME);
        for (Map.Entry<String, String> option : changelog.options().entrySet()) {
            state = state.option(option.getKey(), option.getValue());
        }
        return state;
    }

    /** Arms the switch: the next phase 2 with success=true, on any processor, crashes. */
    static void crashAtNextPhase2() {
        CRASH_AT_PHASE_2.set(true);
    }

    /** How many crashes were injected so far. */
    static int crashes() {
        return CRASHES.get();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean isBlocking() {
        return delegate.isBlocking();
    }

    @Override
    public boolean isSnapshotBlocking() {
        return delegate.isSnapshotBlocking();
    }

    @Override
    public Set<String> supportedOptions() {
        return delegate.supportedOptions();
    }

    @Override
    public <K, V> StateBackend<K, V> create(StateBackendContext<K, V> context) {
        return new CrashingBackend<>(delegate.create(context), context.processorIndex());
    }

    /**
     * The delegate's backend with the fault switch in phase 2. Forwards every method of {@link StateBackend},
     * defaults included ({@code CrashingChangelogBackendFactoryTest} checks it): a default left to the
     * interface would make these tests run code the real backend does not.
     */
    static final class CrashingBackend<K, V> implements StateBackend<K, V> {

        private final StateBackend<K, V> backend;
        private final int processorIndex;

        CrashingBackend(StateBackend<K, V> backend, int processorIndex) {
            this.backend = backend;
            this.processorIndex = processorIndex;
        }

        @Override
        public void restoreEntry(int statePartition, Object key, Object value) throws Exception {
            backend.restoreEntry(statePartition, key, value);
        }

        @Override
        public CompletionStage<Void> open(boolean restoring) {
            return backend.open(restoring);
        }

        @Override
        public KeyedStateStore<K, V> store(int statePartition) {
            return backend.store(statePartition);
        }

        @Override
        public void prepareSnapshot(long snapshotId, SnapshotWriter snapshot) throws Exception {
            backend.prepareSnapshot(snapshotId, snapshot);
        }

        @Override
        public SnapshotWhileOpening prepareSnapshotWhileOpening(long snapshotId, SnapshotWriter snapshot)
                throws Exception {
            return backend.prepareSnapshotWhileOpening(snapshotId, snapshot);
        }

        @Override
        public void idle() throws Exception {
            backend.idle();
        }

        @Override
        public void finishSnapshot(long snapshotId, boolean success) throws Exception {
            if (success && CRASH_AT_PHASE_2.compareAndSet(true, false)) {
                CRASHES.incrementAndGet();
                throw new RestartableException("Injected crash between phase 1 and phase 2 of snapshot "
                        + snapshotId + " on processor " + processorIndex);
            }
            backend.finishSnapshot(snapshotId, success);
        }

        @Override
        public void collectMetrics(ObjLongConsumer<String> metrics) {
            backend.collectMetrics(metrics);
        }

        @Override
        public void close() throws Exception {
            backend.close();
        }
    }
}
