package io.jetway.protobuf.test;

import com.google.protobuf.Message;

import java.util.HexFormat;

/** Records as schema-registry serializers frame them, written from hex test vectors. */
public final class SchemaRegistryFrames {

    private SchemaRegistryFrames() {
    }

    /** The header as hex (spaces for reading only) followed by {@code message}'s bytes. */
    public static byte[] framed(String headerHex, Message message) {
        byte[] header = hex(headerHex);
        byte[] body = message.toByteArray();
        byte[] all = new byte[header.length + body.length];
        System.arraycopy(header, 0, all, 0, header.length);
        System.arraycopy(body, 0, all, header.length, body.length);
        return all;
    }

    /** The bytes of {@code spaced}, hex digits with spaces for reading only. */
    public static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }
}
