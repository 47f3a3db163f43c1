/**
 * Keyed state: the update API of stateful processors ({@link io.jetway.state.StatefulFunction}), state backend
 * configuration ({@link io.jetway.state.StateConfig}) and the heap backend. The processors and stages that use
 * them come from {@link io.jetway.JetwayState}.
 */
package io.jetway.state;
