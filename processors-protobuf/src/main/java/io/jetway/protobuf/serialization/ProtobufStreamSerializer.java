package io.jetway.protobuf.serialization;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import com.google.protobuf.UnsafeByteOperations;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;
import io.jetway.protobuf.internal.BufferParser;
import io.jetway.protobuf.internal.Messages;

import java.io.IOException;
import java.io.OutputStream;

import static java.util.Objects.requireNonNull;

/**
 * A Hazelcast {@link StreamSerializer} that stores a Protobuf message as its wire bytes, for any
 * protobuf-java 4.x message class (it relies on {@link Message} only, not on {@code GeneratedMessageV3}).
 * <p>
 * <b>Format:</b> a 4-byte length, then the wire bytes, so the value can sit inside other serialized data.
 * <p>
 * <b>Writing</b> encodes the message once, straight into Hazelcast's output: every
 * {@code ObjectDataOutput} Hazelcast hands a serializer is also an {@link OutputStream}, and the bytes go
 * through a per-thread reused {@code CodedOutputStream} in bulk writes, with no {@code toByteArray()},
 * no array per message and no allocation. (Writing into Hazelcast's buffer without the staging copy
 * would need its internal, package-private buffer fields; this class uses public API only.)
 * <p>
 * <b>Reading</b> copies the wire bytes once into an exact-size array (Hazelcast's public input API gives
 * no view of its buffer) and parses that array in place, with aliasing: {@code bytes} fields share the
 * array instead of copying again; the array belongs to the message alone.
 * <p>
 * <b>Type id:</b> from {@link ProtobufTypeIds} (default: {@link ProtobufTypeIds#hashed()}); see there.
 * Register with {@link ProtobufSerialization#register}, a {@link ProtobufSerializerHook}, or in XML/YAML
 * ({@code <serializer type-class="shop.v1.Payment"
 * class-name="io.jetway.protobuf.serialization.ProtobufStreamSerializer"/>}: Hazelcast calls the
 * {@code (Class)} constructor, which uses the default id scheme).
 * <p>
 * Immutable and thread-safe; the parser is resolved once, in the constructor.
 *
 * @param <T> the message type
 */
public final class ProtobufStreamSerializer<T extends Message> implements StreamSerializer<T> {

    private final Class<T> type;
    private final Parser<T> parser;
    private final String typeName;
    private final int typeId;
    private final String source;

    /** A serializer for {@code type} with the type id of {@link ProtobufTypeIds#hashed()}. */
    public ProtobufStreamSerializer(Class<T> type) {
        this(type, ProtobufTypeIds.hashed().typeIdOf(type));
    }

    /** A serializer for {@code type} with an explicit, positive {@code typeId}. */
    @SuppressWarnings("unchecked")
    public ProtobufStreamSerializer(Class<T> type, int typeId) {
        this.type = requireNonNull(type, "type cannot be null");
        if (typeId <= 0) {
            throw new IllegalArgumentException("typeId of " + type.getName() + " must be positive: " + typeId);
        }
        T defaultInstance = Messages.defaultInstance(type);
        this.parser = (Parser<T>) defaultInstance.getParserForType();
        this.typeName = defaultInstance.getDescriptorForType().getFullName();
        this.typeId = typeId;
        this.source = "Hazelcast data (type id " + typeId + ")";
    }

    @Override
    public int getTypeId() {
        return typeId;
    }

    /** The serialized class. */
    public Class<T> type() {
        return type;
    }

    @Override
    public void write(ObjectDataOutput out, T message) throws IOException {
        out.writeInt(message.getSerializedSize());   // memoized: writeTo does not compute it again
        if (out instanceof OutputStream stream) {
            StreamEncoders.writeTo(message, stream);
        } else {
            out.write(message.toByteArray());         // not reached with Hazelcast's own outputs
        }
    }

    @Override
    public T read(ObjectDataInput in) throws IOException {
        final int length = in.readInt();
        if (length < 0) {
            throw new IOException("cannot read " + typeName + ": negative length " + length
                    + " (the data was not written by ProtobufStreamSerializer, or type ids clash)");
        }
        final byte[] bytes = new byte[length];
        in.readFully(bytes);
        // The array is ours alone and never changes: aliasing lets bytes fields share it.
        final CodedInputStream input = UnsafeByteOperations.unsafeWrap(bytes).newCodedInput();
        input.enableAliasing(true);
        return BufferParser.parse(parser, input, typeName, source, length);
    }

    @Override
    public String toString() {
        return "ProtobufStreamSerializer{" + typeName + ", typeId=" + typeId + '}';
    }
}
