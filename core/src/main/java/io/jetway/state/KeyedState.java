package io.jetway.state;

/**
 * The state of the key being processed, handed to a {@link StatefulFunction}. One instance is reused for
 * every item: it is valid only during the call.
 * <p>
 * A value read with {@link #get()} may be changed in place, but then it must be {@link #set} again so that
 * the state backend records the change (a changelog backend writes what {@code set} hands it).
 *
 * @param <S> the state type
 */
public interface KeyedState<S> {

    /** The key's state, or {@code null} when the key has none. */
    S get();

    /** Replaces the key's state; {@code null} is the same as {@link #clear()}. */
    void set(S state);

    /** Removes the key's state. */
    void clear();
}
