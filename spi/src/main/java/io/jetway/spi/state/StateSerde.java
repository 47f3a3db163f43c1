package io.jetway.spi.state;

import java.nio.ByteBuffer;

/**
 * Turns state keys or values into bytes and back. Equal objects must give equal bytes, because a backend
 * that stores bytes looks keys up by them.
 *
 * @param <T> the type serialized
 */
public interface StateSerde<T> {

    /** The bytes of {@code value}; a new array that the caller may keep. */
    byte[] toBytes(T value);

    /** Reads a value from the bytes between the buffer's position and limit; the buffer is borrowed. */
    T fromBytes(ByteBuffer bytes);
}
