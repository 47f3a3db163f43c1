package io.jetway.protobuf.decode;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.hazelcast.function.SupplierEx;
import io.jetway.protobuf.registry.DescriptorForSchemaId;
import io.jetway.protobuf.registry.SchemaRegistryFraming;
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
 * <p>
 * <b>Schema-registry framing</b> ({@link ProtobufDecodeOptions#schemaRegistryFraming()}) works as for
 * {@link ProtobufDecoder}. {@link #bySchemaId} goes further: each record is decoded as the type a
 * {@link DescriptorForSchemaId} function gives for its schema id, so one source can read several types or
 * schema versions; the function is asked once per id.
 */
public final class DynamicProtobufDecoder implements RecordDecoder<DynamicMessage> {

    /** Exactly one of these two decodes: a fixed type, or a type per schema id. */
    private final ProtobufDecoder<DynamicMessage> delegate;
    private final SchemaIdDecoder bySchemaId;
    /** {@code null} when the type is chosen per schema id. */
    private final Descriptor descriptor;
    private final ProtobufDecodeOptions options;

    private DynamicProtobufDecoder(Descriptor descriptor, ProtobufDecodeOptions options) {
        this.descriptor = requireNonNull(descriptor, "descriptor cannot be null");
        this.options = options;
        this.delegate = ProtobufDecoder.of(DynamicMessage.getDefaultInstance(descriptor), options);
        this.bySchemaId = null;
    }

    private DynamicProtobufDecoder(DescriptorForSchemaId types, ProtobufDecodeOptions options) {
        this.descriptor = null;
        this.options = options;
        this.delegate = null;
        this.bySchemaId = new SchemaIdDecoder(types, options);
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

    /**
     * A decoder of schema-registry framed records that decodes each as the type {@code types} gives for its
     * schema id; a {@code null} answer makes records with that id decode errors. The schema ids to accept
     * may also be limited with {@code options}' {@link SchemaRegistryFraming#schemaIds}; the framing is on
     * even if {@code options} does not ask for it. {@link NullPolicy#EMPTY_MESSAGE} is refused (a {@code null}
     * part has no schema id).
     */
    public static DynamicProtobufDecoder bySchemaId(DescriptorForSchemaId types, ProtobufDecodeOptions options) {
        requireNonNull(types, "types cannot be null");
        requireNonNull(options, "options cannot be null");
        ProtobufDecodeOptions framed = options.framing().isPresent() ? options : options.schemaRegistryFraming();
        return new DynamicProtobufDecoder(types, framed);
    }

    /** A serializable supplier of {@link #bySchemaId} decoders; the options are checked now. */
    public static SupplierEx<DynamicProtobufDecoder> supplierBySchemaId(DescriptorForSchemaId types,
                                                                        ProtobufDecodeOptions options) {
        bySchemaId(types, options);
        return () -> bySchemaId(types, options);
    }

    @Override
    public DynamicMessage decode(ByteBuffer key, ByteBuffer value, RecordContext context)
            throws InvalidProtocolBufferException {
        return delegate != null ? delegate.decode(key, value, context) : bySchemaId.decode(key, value, context);
    }

    /** The message type this decoder yields, or {@code null} when it is chosen per schema id. */
    public Descriptor descriptor() {
        return descriptor;
    }

    @Override
    public String toString() {
        return "DynamicProtobufDecoder{" + (descriptor == null ? bySchemaId : descriptor.getFullName()) + ", "
                + options + '}';
    }
}
