package io.jetway.protobuf;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.hazelcast.function.SupplierEx;
import io.jetway.spi.codec.RecordContext;
import io.jetway.spi.codec.RecordDecoder;

import java.nio.ByteBuffer;

import static java.util.Objects.requireNonNull;

/**
 * Decodes records into {@link DynamicMessage}s of a message type known only at run time, from its
 * {@link Descriptor}, for jobs that get their schema from a registry or a descriptor file instead of
 * generated classes. Buffers, aliasing, {@code null} handling and errors are those of {@link ProtobufDecoder}.
 * <p>
 * A {@code Descriptor} is not serializable: {@link #supplier(Descriptor)} carries its file and the files
 * it imports as a {@code FileDescriptorSet} and rebuilds the descriptor once per processor.
 */
public final class DynamicProtobufDecoder implements RecordDecoder<DynamicMessage> {

    private final ProtobufDecoder<DynamicMessage> delegate;
    private final Descriptor descriptor;

    private DynamicProtobufDecoder(Descriptor descriptor, ProtobufDecodeOptions options) {
        this.descriptor = requireNonNull(descriptor, "descriptor cannot be null");
        this.delegate = ProtobufDecoder.of(DynamicMessage.getDefaultInstance(descriptor), options);
    }

    /** A decoder of the record value as {@code descriptor}'s type, with {@link ProtobufDecodeOptions#defaults()}. */
    public static DynamicProtobufDecoder of(Descriptor descriptor) {
        return of(descriptor, ProtobufDecodeOptions.defaults());
    }

    /** A decoder of {@code descriptor}'s type with {@code options}. */
    public static DynamicProtobufDecoder of(Descriptor descriptor, ProtobufDecodeOptions options) {
        return new DynamicProtobufDecoder(descriptor, options);
    }

    /** A serializable supplier that carries {@code descriptor}'s files; see the class comment. */
    public static SupplierEx<DynamicProtobufDecoder> supplier(Descriptor descriptor) {
        return supplier(descriptor, ProtobufDecodeOptions.defaults());
    }

    /** As {@link #supplier(Descriptor)}, with {@code options}. */
    public static SupplierEx<DynamicProtobufDecoder> supplier(Descriptor descriptor, ProtobufDecodeOptions options) {
        requireNonNull(descriptor, "descriptor cannot be null");
        return supplier(DescriptorSets.of(descriptor), descriptor.getFullName(), options);
    }

    /**
     * A serializable supplier from a serialized {@code FileDescriptorSet} (as written by
     * {@code protoc --include_imports --descriptor_set_out=FILE}) and the full name of the message type in it.
     * The set is checked now, so a missing type or import fails when the job is built.
     */
    public static SupplierEx<DynamicProtobufDecoder> supplier(byte[] descriptorSet, String messageType,
                                                              ProtobufDecodeOptions options) {
        requireNonNull(descriptorSet, "descriptorSet cannot be null");
        requireNonNull(messageType, "messageType cannot be null");
        requireNonNull(options, "options cannot be null");
        byte[] set = descriptorSet.clone();
        DescriptorSets.messageType(set, messageType);
        return () -> of(DescriptorSets.messageType(set, messageType), options);
    }

    @Override
    public DynamicMessage decode(ByteBuffer key, ByteBuffer value, RecordContext context)
            throws InvalidProtocolBufferException {
        return delegate.decode(key, value, context);
    }

    /** The message type this decoder yields. */
    public Descriptor descriptor() {
        return descriptor;
    }

    @Override
    public String toString() {
        return "DynamicProtobufDecoder{" + descriptor.getFullName() + ", " + delegate.options() + '}';
    }
}
