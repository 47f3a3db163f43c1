/**
 * Keyed stateful processors, the state host they share and the heap backend; no compatibility promise.
 * <p>
 * Dependencies run one way: this package uses {@code internal.snapshot} and, for the aligned stage only,
 * the source's extension point {@link io.jetway.internal.kafka.RecordStage}; {@code internal.kafka} knows
 * nothing of keyed state. {@link io.jetway.internal.state.StateHost} runs a backend's life cycle for both
 * hosts of state: the keyed-edge processors and the aligned stage, which keep only their routing.
 * {@link io.jetway.internal.state.KeyedWindows} maps a Hazelcast {@code WindowDefinition} to its processor for
 * both forms of {@code JetwayState.window}, and {@code StateBackends} finds a backend by name and checks its options.
 */
package io.jetway.internal.state;
