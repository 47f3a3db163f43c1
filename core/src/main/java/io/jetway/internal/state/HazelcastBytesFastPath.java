package io.jetway.internal.state;

import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.HeapData;
import com.hazelcast.internal.serialization.impl.SerializationConstants;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Writes and reads the Hazelcast serialized form of the most common state keys and values
 * ({@code String}, {@code Long}, {@code Integer}) without the serialization service's per-call lookups:
 * a 4-byte partition hash (0), the 4-byte type id, then the payload, big-endian. The bytes are the
 * ones {@code toBytes} of the member would produce, so partition hashes and stored keys do not change.
 * <p>
 * {@link #verifiedFor} checks that claim against the member's own serialization (byte order, a global
 * partitioning strategy or an overriding serializer would break it) and returns {@code null} when it
 * does not hold; callers then use the serialization service for everything.
 */
final class HazelcastBytesFastPath {

    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final int HEADER = 8;
    private static final int TYPE_AT = 4;
    static final List<Object> SAMPLES = List.of("", "key-42", "\u00fc\u20ac\ud83d\ude00", "\ud800x",
            0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE);

    private HazelcastBytesFastPath() {
    }

    /** The fast path, not checked against a member: only for callers that verify its effect themselves. */
    static HazelcastBytesFastPath unverified() {
        return new HazelcastBytesFastPath();
    }

    /** The fast path when it writes exactly what {@code serialization} writes for every sample, else null. */
    static HazelcastBytesFastPath verifiedFor(InternalSerializationService serialization) {
        HazelcastBytesFastPath fast = new HazelcastBytesFastPath();
        for (Object sample : SAMPLES) {
            byte[] expected = serialization.toBytes(sample);
            byte[] written = fast.toBytes(sample);
            if (!Arrays.equals(expected, written)) {
                return null;
            }
            Object read = fast.fromBytes(ByteBuffer.wrap(expected));
            if (!sample.equals(read) && !(sample instanceof String && read.equals(serialization.toObject(
                    new HeapData(expected))))) {
                return null;
            }
        }
        return fast;
    }

    /** The serialized form of {@code value}, or {@code null} when its type has no fast path. */
    byte[] toBytes(Object value) {
        if (value instanceof String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            byte[] bytes = header(4 + utf8.length, SerializationConstants.CONSTANT_TYPE_STRING);
            INTS.set(bytes, HEADER, utf8.length);
            System.arraycopy(utf8, 0, bytes, HEADER + 4, utf8.length);
            return bytes;
        }
        if (value instanceof Long l) {
            byte[] bytes = header(Long.BYTES, SerializationConstants.CONSTANT_TYPE_LONG);
            LONGS.set(bytes, HEADER, (long) l);
            return bytes;
        }
        if (value instanceof Integer i) {
            byte[] bytes = header(Integer.BYTES, SerializationConstants.CONSTANT_TYPE_INTEGER);
            INTS.set(bytes, HEADER, (int) i);
            return bytes;
        }
        return null;
    }

    /**
     * The object serialized between the buffer's position and limit (which stay unchanged), or
     * {@code null} when its type has no fast path.
     */
    Object fromBytes(ByteBuffer bytes) {
        int at = bytes.position();
        if (bytes.remaining() < HEADER) {
            return null;
        }
        ByteBuffer in = bytes.order() == ByteOrder.BIG_ENDIAN ? bytes : bytes.duplicate().order(ByteOrder.BIG_ENDIAN);
        int type = in.getInt(at + TYPE_AT);
        int payload = bytes.remaining() - HEADER;
        if (type == SerializationConstants.CONSTANT_TYPE_LONG && payload == Long.BYTES) {
            return in.getLong(at + HEADER);
        }
        if (type == SerializationConstants.CONSTANT_TYPE_INTEGER && payload == Integer.BYTES) {
            return in.getInt(at + HEADER);
        }
        if (type == SerializationConstants.CONSTANT_TYPE_STRING && payload >= 4) {
            int length = in.getInt(at + HEADER);
            if (length < 0 || length != payload - 4) {
                return null;
            }
            if (bytes.hasArray()) {
                return new String(bytes.array(), bytes.arrayOffset() + at + HEADER + 4, length, StandardCharsets.UTF_8);
            }
            byte[] utf8 = new byte[length];
            bytes.get(at + HEADER + 4, utf8);
            return new String(utf8, StandardCharsets.UTF_8);
        }
        return null;
    }

    // a new array of the header (partition hash 0, the type id) and room for the payload
    private static byte[] header(int payload, int typeId) {
        byte[] bytes = new byte[HEADER + payload];
        INTS.set(bytes, TYPE_AT, typeId);
        return bytes;
    }
}
