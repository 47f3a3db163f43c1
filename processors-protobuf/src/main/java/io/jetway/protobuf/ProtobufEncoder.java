package io.jetway.protobuf;

import com.google.protobuf.Message;
import com.hazelcast.function.FunctionEx;
import com.hazelcast.function.SupplierEx;
import io.jetway.spi.codec.RecordEncoder;

import java.io.Serializable;
import java.nio.ByteBuffer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * Encodes a Protobuf message as a Kafka record value, with an optional key taken from the message.
 * <pre>{@code
 * ProtobufEncoder<Payment> encoder = ProtobufEncoder.withStringKey(Payment::getPaymentId);
 * }</pre>
 * <b>One array per record, no copy.</b> The Kafka producer needs a {@code byte[]} per record: kafka-clients'
 * {@code ByteBufferSerializer} hands over a heap buffer's backing array without copying only when the buffer
 * starts at offset 0 and spans the whole array; any other buffer (a view of a reusable one included) is
 * copied into a new exact-size array. So the encoder writes each message straight into an exact-size array
 * ({@code getSerializedSize()}, memoized by the message, then {@code writeTo} a {@code CodedOutputStream}
 * over that array, which is what {@link Message#toByteArray()} does) and wraps it: one allocation, the
 * array the producer sends, and no intermediate buffer. A reusable buffer would only add a copy.
 * <p>
 * Immutable and thread-safe; serializable when its key function is.
 *
 * @param <T> the message type
 */
public final class ProtobufEncoder<T extends Message> implements RecordEncoder<T>, Serializable {

    private static final long serialVersionUID = 1L;

    private final FunctionEx<? super T, byte[]> keyBytes;

    private ProtobufEncoder(FunctionEx<? super T, byte[]> keyBytes) {
        this.keyBytes = keyBytes;
    }

    /** Records without a key. */
    public static <T extends Message> ProtobufEncoder<T> valueOnly() {
        return new ProtobufEncoder<>(null);
    }

    /** The key is the bytes {@code keyFn} returns ({@code null} for no key); the array is sent as is. */
    public static <T extends Message> ProtobufEncoder<T> withKey(FunctionEx<? super T, byte[]> keyFn) {
        return new ProtobufEncoder<>(requireNonNull(keyFn, "keyFn cannot be null"));
    }

    /** The key is the UTF-8 form of the string {@code keyFn} returns ({@code null} for no key). */
    public static <T extends Message> ProtobufEncoder<T> withStringKey(FunctionEx<? super T, String> keyFn) {
        requireNonNull(keyFn, "keyFn cannot be null");
        return new ProtobufEncoder<>(item -> {
            String key = keyFn.apply(item);
            return key == null ? null : key.getBytes(UTF_8);
        });
    }

    /** The key is the Protobuf message {@code keyFn} returns ({@code null} for no key), serialized. */
    public static <T extends Message> ProtobufEncoder<T> withMessageKey(FunctionEx<? super T, ? extends Message> keyFn) {
        requireNonNull(keyFn, "keyFn cannot be null");
        return new ProtobufEncoder<>(item -> {
            Message key = keyFn.apply(item);
            return key == null ? null : key.toByteArray();
        });
    }

    /**
     * The key is the UTF-8 text of the top-level scalar field {@code fieldName} (an enum by its name,
     * {@code bytes} as they are); an unset field with presence gives no key.
     */
    public static <T extends Message> ProtobufEncoder<T> withKeyField(String fieldName) {
        return new ProtobufEncoder<>(new KeyField(fieldName));
    }

    /** A serializable supplier for a sink: each processor gets its own copy of this encoder. */
    public SupplierEx<ProtobufEncoder<T>> supplier() {
        FunctionEx<? super T, byte[]> key = keyBytes;
        return () -> new ProtobufEncoder<>(key);
    }

    @Override
    public ByteBuffer encodeKey(T item) throws Exception {
        if (keyBytes == null) {
            return null;
        }
        byte[] key = keyBytes.applyEx(item);
        return key == null ? null : ByteBuffer.wrap(key);
    }

    @Override
    public ByteBuffer encodeValue(T item) {
        return item == null ? null : encode(item);
    }

    /** {@code message} in an exact-size heap buffer at offset 0, which the producer sends without a copy. */
    public static ByteBuffer encode(Message message) {
        // toByteArray: new byte[getSerializedSize()] + writeTo(CodedOutputStream over it) + checkNoSpaceLeft.
        return ByteBuffer.wrap(message.toByteArray());
    }

    @Override
    public String toString() {
        return "ProtobufEncoder{key=" + (keyBytes == null ? "none" : keyBytes) + '}';
    }
}
