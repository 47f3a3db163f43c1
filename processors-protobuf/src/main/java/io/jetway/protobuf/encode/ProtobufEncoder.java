package io.jetway.protobuf.encode;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import com.hazelcast.function.FunctionEx;
import com.hazelcast.function.SupplierEx;
import io.jetway.protobuf.internal.RegistryHeader;
import io.jetway.protobuf.registry.SchemaRegistryFraming;
import io.jetway.spi.codec.RecordEncoder;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
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
 * <b>Schema-registry framing.</b> {@link #withSchemaRegistryFraming(long, int...)} puts the header a schema
 * registry's serializer writes (magic byte 0, the 4-byte big-endian schema id, the message-index path) before
 * each message, so that consumers using Confluent's or Apicurio's deserializers, or Jetway's decoders with
 * {@link io.jetway.protobuf.decode.ProtobufDecodeOptions#schemaRegistryFraming()}, read the records. The header
 * is built once; each record is still one exact-size array. The encoder does not talk to a registry: register
 * the schema yourself and give its id.
 * <p>
 * Immutable and thread-safe; serializable when its key function is.
 *
 * @param <T> the message type
 */
public final class ProtobufEncoder<T extends Message> implements RecordEncoder<T>, Serializable {

    private static final long serialVersionUID = 1L;

    private final FunctionEx<? super T, byte[]> keyBytes;
    /** The schema-registry header written before each value, or {@code null} for bare Protobuf. */
    private final byte[] header;

    private ProtobufEncoder(FunctionEx<? super T, byte[]> keyBytes) {
        this(keyBytes, null);
    }

    private ProtobufEncoder(FunctionEx<? super T, byte[]> keyBytes, byte[] header) {
        this.keyBytes = keyBytes;
        this.header = header;
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

    /**
     * This encoder, writing each value framed for a schema registry: magic byte 0, {@code schemaId} (an
     * unsigned 32-bit number, 0 to 4,294,967,295) big-endian, and the message-index path {@code [0]} (the first
     * message of the schema's file) as the single byte 0.
     */
    public ProtobufEncoder<T> withSchemaRegistryFraming(long schemaId) {
        return withSchemaRegistryFraming(schemaId, 0);
    }

    /**
     * As {@link #withSchemaRegistryFraming(long)}, with the message-index path of the type in the registered
     * file, e.g. {@code 1, 2} for the third message nested in the second top-level one; see
     * {@link SchemaRegistryFraming#messageIndexesOf}. The path {@code [0]} is written as the single byte 0.
     */
    public ProtobufEncoder<T> withSchemaRegistryFraming(long schemaId, int... messageIndexes) {
        return new ProtobufEncoder<>(keyBytes, RegistryHeader.write(RegistryHeader.checkedSchemaId(schemaId),
                RegistryHeader.checkedPath(messageIndexes)));
    }

    /** This encoder writing bare Protobuf values, without a schema-registry header (the default). */
    public ProtobufEncoder<T> unframed() {
        return new ProtobufEncoder<>(keyBytes, null);
    }

    /** A serializable supplier for a sink: each processor gets its own copy of this encoder. */
    public SupplierEx<ProtobufEncoder<T>> supplier() {
        FunctionEx<? super T, byte[]> key = keyBytes;
        byte[] head = header;
        return () -> new ProtobufEncoder<>(key, head);
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
        if (item == null) {
            return null;
        }
        return header == null ? encode(item) : framed(item, header);
    }

    /** {@code header} then {@code message} in one exact-size array, written in place as toByteArray() does. */
    private static ByteBuffer framed(Message message, byte[] header) {
        final int size = message.getSerializedSize();
        final byte[] out = new byte[header.length + size];
        System.arraycopy(header, 0, out, 0, header.length);
        final CodedOutputStream coded = CodedOutputStream.newInstance(out, header.length, size);
        try {
            message.writeTo(coded);
        } catch (IOException e) {
            // As in toByteArray: writing to an array of the right size cannot fail for I/O reasons.
            throw new UncheckedIOException("serializing " + message.getDescriptorForType().getFullName()
                    + " to a byte array failed", e);
        }
        coded.checkNoSpaceLeft();
        return ByteBuffer.wrap(out);
    }

    /** {@code message} in an exact-size heap buffer at offset 0, which the producer sends without a copy. */
    public static ByteBuffer encode(Message message) {
        // toByteArray: new byte[getSerializedSize()] + writeTo(CodedOutputStream over it) + checkNoSpaceLeft.
        return ByteBuffer.wrap(message.toByteArray());
    }

    @Override
    public String toString() {
        return "ProtobufEncoder{key=" + (keyBytes == null ? "none" : keyBytes) + ", framing="
                + (header == null ? "none" : "schema-registry " + RegistryHeader.describe(header)) + '}';
    }
}
