package io.jetway.codec;

import java.nio.ByteBuffer;

import static java.nio.charset.StandardCharsets.UTF_8;

/** Reads a UTF-8 string from a buffer view without an intermediate array for heap buffers. */
final class Utf8 {

    private Utf8() {
    }

    static String string(ByteBuffer buffer) {
        if (buffer.hasArray()) {
            return new String(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining(), UTF_8);
        }
        return UTF_8.decode(buffer.duplicate()).toString();   // direct or read-only buffer: the JDK's copying path
    }
}
