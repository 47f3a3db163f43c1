/**
 * Keyed stateful processors, the state host they share and the heap backend; no compatibility promise.
 * <p>
 * Dependencies run one way: this package uses {@code internal.snapshot} and, for the aligned stage only,
 * the source's extension point {@link io.jetway.internal.kafka.RecordStage}; {@code internal.kafka} knows
 * nothing of keyed state. {@link io.jetway.internal.state.StateHost} runs a backend's life cycle for both
 * hosts of state: the keyed-edge processors and the aligned stage, which keep only their routing.
 */
package io.jetway.internal.state;
