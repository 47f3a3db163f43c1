package io.jetway.protobuf.internal;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.InvalidProtocolBufferException;

import java.nio.ByteBuffer;
import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/**
 * The header schema-registry serializers (Confluent's {@code KafkaProtobufSerializer}, Apicurio in its
 * Confluent-compatible mode) put before each Protobuf message, read in place and written once per encoder.
 * <pre>
 *   byte  0       magic byte, always 0
 *   bytes 1..4    schema id, big-endian, unsigned 32 bits
 *   bytes 5..     message-index path: a zigzag varint count N, then N zigzag varints, each the index of a
 *                 message among its siblings (top-level messages of the file, then nested ones);
 *                 the single byte 0 (count 0) stands for [0], the first message of the file
 *   then          the Protobuf message, to the end of the record part
 * </pre>
 * Varints are the 32-bit varints of the Kafka record format: at most 5 bytes, 7 bits each, low bits first.
 * <p>
 * Reading takes absolute {@code get(int)}s from the view's position, so the view does not move, any kind of
 * buffer works, and nothing is allocated unless the header is wrong; every error starts as the parser's do,
 * "cannot parse TYPE from WHAT (N bytes): ", then says what is wrong and where.
 * <p>
 * Not API: public only for {@code SchemaRegistryFraming} (the checks of ids and paths), the decoders (reading),
 * the encoder (writing) and the codec factories' option parsing; it may change in any release.
 */
public final class RegistryHeader {

    static final byte MAGIC = 0;
    /** Where the message-index path starts: after the magic byte and the 4-byte schema id. */
    static final int PATH_START = 5;
    /** The shortest header: magic byte, schema id and the 1-byte path [0]. */
    static final int MIN_BYTES = 6;
    /** The largest schema id: ids are unsigned 32-bit numbers. */
    public static final long MAX_SCHEMA_ID = 0xFFFF_FFFFL;
    private static final int MAX_VARINT_BYTES = 5;
    private static final int COUNT = -1;
    /** An error lists at most this many indexes of a wrong path. */
    private static final int MAX_SHOWN_INDEXES = 16;
    private static final String ENCODER_HINT = " (is it written without a schema registry? then decode it without"
            + " the schema-registry framing)";

    private RegistryHeader() {
    }

    /**
     * Checks the magic byte and that the schema id is there; returns the id's 32 bits (as an unsigned number
     * with {@link Integer#toUnsignedLong}).
     */
    public static int schemaId(ByteBuffer part, String typeName, String what) throws InvalidProtocolBufferException {
        final int length = part.remaining();
        final int at = part.position();
        if (length < MIN_BYTES) {
            if (length > 0 && part.get(at) != MAGIC) {
                throw wrongMagic(part, typeName, what);
            }
            throw error(typeName, what, length, "the schema-registry header is truncated: " + length
                    + (length == 1 ? " byte" : " bytes") + ", but magic byte, 4-byte schema id and message-index path"
                    + " take at least " + MIN_BYTES);
        }
        if (part.get(at) != MAGIC) {
            throw wrongMagic(part, typeName, what);
        }
        // Byte by byte: big-endian whatever order() the view was given.
        return (part.get(at + 1) & 0xFF) << 24 | (part.get(at + 2) & 0xFF) << 16 | (part.get(at + 3) & 0xFF) << 8
                | (part.get(at + 4) & 0xFF);
    }

    /**
     * Reads the message-index path after the schema id and checks it against {@code expected}; returns the
     * header's length, where the message starts (relative to the view's position).
     *
     * @param schemaId the id's 32 bits, for an error
     */
    public static int messageStart(ByteBuffer part, int[] expected, int schemaId, String typeName, String what)
            throws InvalidProtocolBufferException {
        final int at = part.position();
        final int limit = part.limit();
        // Fast path for the common case: the 1-byte path [0] where [0] is expected.
        if (part.get(at + PATH_START) == 0) {
            if (expected.length == 1 && expected[0] == 0) {
                return MIN_BYTES;
            }
            throw mismatch(part, expected, schemaId, typeName, what);
        }
        long read = varint(part, at + PATH_START, limit, typeName, what, COUNT);
        final int count = (int) read;
        int p = (int) (read >>> 32);
        if (count < 0) {
            throw error(typeName, what, part.remaining(), "the message-index count " + count + " at byte "
                    + PATH_START + " is negative");
        }
        boolean matches = count == expected.length;
        for (int i = 0; i < count; i++) {
            read = varint(part, p, limit, typeName, what, i);
            final int index = (int) read;
            if (index < 0) {
                throw error(typeName, what, part.remaining(), "message index " + i + " at byte " + (p - at) + " is "
                        + index + ", negative");
            }
            matches &= i < expected.length && index == expected[i];
            p = (int) (read >>> 32);
        }
        if (!matches) {
            throw mismatch(part, expected, schemaId, typeName, what);
        }
        return p - at;
    }

    /**
     * Reads the zigzag varint at absolute {@code p}; returns its value in the low 32 bits and the absolute
     * position after it in the high 32 bits: two results without an allocation.
     *
     * @param item which varint it is, for an error: {@link #COUNT} or the index's position in the path
     */
    private static long varint(ByteBuffer part, int p, int limit, String typeName, String what, int item)
            throws InvalidProtocolBufferException {
        final int start = p;
        int value = 0;
        for (int shift = 0; shift < 7 * MAX_VARINT_BYTES; shift += 7) {
            if (p >= limit) {
                throw error(typeName, what, part.remaining(), "the " + name(item) + " at byte "
                        + (start - part.position()) + " runs past the end: the header is truncated");
            }
            final byte b = part.get(p++);
            value |= (b & 0x7F) << shift;
            if (b >= 0) {
                final int decoded = (value >>> 1) ^ -(value & 1);
                return ((long) p << 32) | (decoded & 0xFFFF_FFFFL);
            }
        }
        throw error(typeName, what, part.remaining(), "the " + name(item) + " at byte " + (start - part.position())
                + " is a varint longer than " + MAX_VARINT_BYTES + " bytes");
    }

    private static String name(int item) {
        return item == COUNT ? "message-index count" : "message index " + item;
    }

    /** {@code id} as 32 bits, if it is an unsigned 32-bit number. */
    public static int checkedSchemaId(long id) {
        if (id < 0 || id > MAX_SCHEMA_ID) {
            throw new IllegalArgumentException("schema id " + id + " is not an unsigned 32-bit number (0 to "
                    + MAX_SCHEMA_ID + ")");
        }
        return (int) id;
    }

    /** A copy of {@code indexes}, if it is a valid message-index path. */
    public static int[] checkedPath(int... indexes) {
        requireNonNull(indexes, "indexes cannot be null");
        if (indexes.length == 0) {
            throw new IllegalArgumentException("a message-index path has at least one index ([0]: the first message)");
        }
        for (int index : indexes) {
            if (index < 0) {
                throw new IllegalArgumentException("message-index path " + Arrays.toString(indexes)
                        + ": indexes are 0 or more");
            }
        }
        return indexes.clone();
    }

    /** The header for {@code schemaId}'s 32 bits and {@code path}; [0] is written as the single byte 0. */
    public static byte[] write(int schemaId, int[] path) {
        final boolean first = path.length == 1 && path[0] == 0;
        int length = PATH_START + (first ? 1 : varintBytes(zigzag(path.length)));
        if (!first) {
            for (int index : path) {
                length += varintBytes(zigzag(index));
            }
        }
        ByteBuffer header = ByteBuffer.allocate(length);
        header.put(MAGIC).putInt(schemaId);
        if (first) {
            header.put((byte) 0);
        } else {
            putVarint(header, zigzag(path.length));
            for (int index : path) {
                putVarint(header, zigzag(index));
            }
        }
        return header.array();
    }

    /** A header written by {@link #write} as text: {@code schema id 17, message indexes [1, 2]}. */
    public static String describe(byte[] header) {
        ByteBuffer b = ByteBuffer.wrap(header);
        int id = b.getInt(1);
        return "schema id " + Integer.toUnsignedString(id) + ", message indexes " + shownPath(b);
    }

    /** The message-index path of {@code type} in its file: its index among its siblings, outermost first. */
    public static int[] pathOf(Descriptor type) {
        int depth = 0;
        for (Descriptor d = type; d != null; d = d.getContainingType()) {
            depth++;
        }
        int[] path = new int[depth];
        for (Descriptor d = type; d != null; d = d.getContainingType()) {
            path[--depth] = d.getIndex();
        }
        return path;
    }

    /** A path as people write it: {@code [1, 2]}. */
    static String text(int[] path) {
        return Arrays.toString(path);
    }

    private static int zigzag(int value) {
        return (value << 1) ^ (value >> 31);
    }

    private static int varintBytes(int value) {
        int bytes = 1;
        while ((value & ~0x7F) != 0) {
            value >>>= 7;
            bytes++;
        }
        return bytes;
    }

    private static void putVarint(ByteBuffer out, int value) {
        while ((value & ~0x7F) != 0) {
            out.put((byte) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.put((byte) value);
    }

    private static InvalidProtocolBufferException wrongMagic(ByteBuffer part, String typeName, String what) {
        return error(typeName, what, part.remaining(), String.format("the first byte is 0x%02x, not the"
                + " schema-registry magic byte 0x00", part.get(part.position()) & 0xFF) + ENCODER_HINT);
    }

    private static InvalidProtocolBufferException mismatch(ByteBuffer part, int[] expected, int schemaId,
                                                           String typeName, String what) {
        return error(typeName, what, part.remaining(), "the message-index path " + shownPath(part) + " (schema id "
                + Integer.toUnsignedString(schemaId) + ") is not " + text(expected) + ", the path of " + typeName
                + ": the record was written for another message type of the schema");
    }

    /** The path in the header as text, for an error once it is known to be well-formed. */
    private static String shownPath(ByteBuffer part) {
        final int at = part.position();
        if (part.get(at + PATH_START) == 0) {
            return "[0]";
        }
        try {
            long read = varint(part, at + PATH_START, part.limit(), "", "", COUNT);
            final int count = (int) read;
            int p = (int) (read >>> 32);
            StringBuilder text = new StringBuilder("[");
            for (int i = 0; i < count && i < MAX_SHOWN_INDEXES; i++) {
                read = varint(part, p, part.limit(), "", "", i);
                p = (int) (read >>> 32);
                text.append(i == 0 ? "" : ", ").append((int) read);
            }
            return text.append(count > MAX_SHOWN_INDEXES ? ", ... (" + count + " indexes)]" : "]").toString();
        } catch (InvalidProtocolBufferException e) {
            return "(unreadable)";      // cannot happen: messageStart read the same bytes
        }
    }

    public static InvalidProtocolBufferException error(String typeName, String what, int length, String reason) {
        return new InvalidProtocolBufferException("cannot parse " + typeName + " from " + what + " (" + length
                + " bytes): " + reason);
    }
}
