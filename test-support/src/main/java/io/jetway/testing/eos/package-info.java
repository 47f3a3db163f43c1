/**
 * An end-to-end exactly-once checker, in the spirit of Jepsen's Kafka checker and Kafka's transaction system
 * tests, for every module's tests.
 * <ol>
 *     <li>{@link io.jetway.testing.eos.EosInput} generates a known input (unique ids, a sequence number per
 *     key) and produces it, keyed, to the job's input topic;</li>
 *     <li>the job under test processes it with keyed state following a {@link io.jetway.testing.eos.StateModel}
 *     and writes one {@link io.jetway.testing.eos.EosOutput} per input event, keyed by its key;</li>
 *     <li>{@link io.jetway.testing.eos.ExactlyOnceChecker} reads the output {@code read_committed} and
 *     {@code read_uncommitted} and returns an {@link io.jetway.testing.eos.EosReport}: lost, duplicated,
 *     out-of-order (per key) and aborted records, state values against a fault-free run of the model.</li>
 * </ol>
 */
package io.jetway.testing.eos;
