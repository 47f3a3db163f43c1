package io.jetway.spi.state;

import io.jetway.spi.NamedService;

import java.util.Set;

/**
 * Creates the {@link StateBackend} of each keyed stateful processor. Found with
 * {@link java.util.ServiceLoader} and selected by {@link #name()} ({@code "heap"},
 * {@code "kafka-changelog"}, or a user's); register an implementation in
 * {@code META-INF/services/io.jetway.spi.state.StateBackendFactory}.
 * <p>
 * A factory is stateless and thread-safe; {@link #create} is called once per processor, on the member
 * that runs it.
 */
public interface StateBackendFactory extends NamedService {

    /**
     * Creates the backend of one processor. Cheap: connect and restore later, in
     * {@link StateBackend#open}.
     *
     * @param context one parameter object, so inputs added later never break implementations
     * @throws IllegalArgumentException naming the option when an option is missing or invalid
     */
    <K, V> StateBackend<K, V> create(StateBackendContext<K, V> context) throws Exception;

    /**
     * Whether the backends' store calls, {@link StateBackend#prepareSnapshot} or {@link StateBackend#finishSnapshot}
     * may block on I/O. Their processors then run on threads of their own instead of Jet's cooperative ones.
     */
    default boolean isBlocking() {
        return false;
    }

    /**
     * Whether {@link StateBackend#prepareSnapshot} and {@link StateBackend#finishSnapshot} may block on I/O
     * while the store calls never do ({@link #isBlocking()} {@code false}). The processor then stays
     * cooperative and runs those two calls on a thread of its own, pausing its processing until they
     * return; the backend sees no store call meanwhile.
     */
    default boolean isSnapshotBlocking() {
        return false;
    }

    /** The option names {@link StateBackendContext#options()} may hold; others are rejected with an error. */
    default Set<String> supportedOptions() {
        return Set.of();
    }
}
