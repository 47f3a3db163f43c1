package io.jetway.spi.state;

import java.nio.ByteBuffer;

/**
 * Turns state keys or values into bytes and back. Equal objects must give equal bytes, because a backend
 * that stores bytes looks keys up by them.
 *
 * @param <T> the type serialized
 */
public interface StateSerde<T> {

    /**
     * The bytes of {@code value}: an array the caller may keep but must not change (the serde a keyed
     * processor hands to its backend returns the same array for repeated calls with the item's key).
     */
    byte[] toBytes(T value);

    /** Reads a value from the bytes between the buffer's position and limit; the buffer is borrowed. */
    T fromBytes(ByteBuffer bytes);
}
