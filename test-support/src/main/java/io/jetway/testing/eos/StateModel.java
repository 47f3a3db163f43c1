package io.jetway.testing.eos;

import java.io.Serializable;

/**
 * The keyed computation under test, as a fold of a key's events into a {@code long} state starting at 0. The
 * job applies it with its state backend; the checker applies it without faults and compares. Serializable so
 * that the job can run the very same function.
 */
@FunctionalInterface
public interface StateModel extends Serializable {

    /** The state after {@code event}, given the state before it (0 before the first event of a key). */
    long next(long state, EosEvent event);

    /** A running count: 1 after the first event of a key, 2 after the second, ... */
    static StateModel count() {
        return (state, event) -> state + 1;
    }

    /**
     * A running sum of {@code seq * 7 + id % 13}: unlike a count, it also notices an event applied in place
     * of another one.
     */
    static StateModel checksum() {
        return (state, event) -> state + event.seq() * 7 + event.id() % 13;
    }
}
