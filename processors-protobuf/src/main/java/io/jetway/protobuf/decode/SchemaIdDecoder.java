package io.jetway.protobuf.decode;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import io.jetway.protobuf.internal.BufferParser;
import io.jetway.protobuf.internal.RegistryHeader;
import io.jetway.protobuf.registry.DescriptorForSchemaId;
import io.jetway.protobuf.registry.SchemaRegistryFraming;
import io.jetway.spi.codec.RecordContext;
import io.jetway.spi.codec.RecordDecoder;
import org.agrona.collections.Int2ObjectHashMap;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Decodes schema-registry framed records into {@link DynamicMessage}s of the type a
 * {@link DescriptorForSchemaId} gives for each record's schema id; the engine of
 * {@link DynamicProtobufDecoder#bySchemaId}. The function is called once per id; its answer (a parser per type,
 * or a rejection) is kept in an {@link Int2ObjectHashMap} keyed by the id's 32 bits, so a record allocates no
 * more than with a fixed type: no boxing, no lookup of the function.
 * <p>
 * One instance per source processor; not thread-safe.
 */
final class SchemaIdDecoder implements RecordDecoder<DynamicMessage> {

    /** Names the type in errors raised before the schema id is known. */
    private static final String UNKNOWN_TYPE = "a Protobuf message";
    private static final SchemaType REJECTED = new SchemaType(null, null, null);

    private final DescriptorForSchemaId types;
    private final SchemaRegistryFraming framing;
    private final boolean fromKey;
    private final boolean aliasing;
    private final NullPolicy onNull;
    private final Int2ObjectHashMap<SchemaType> byId = new Int2ObjectHashMap<>();

    SchemaIdDecoder(DescriptorForSchemaId types, ProtobufDecodeOptions options) {
        this.types = types;
        this.framing = options.framing().orElse(SchemaRegistryFraming.anySchemaId());
        if (framing.givenMessageIndexes() != null) {
            throw new IllegalArgumentException("DynamicProtobufDecoder.bySchemaId: each record's message-index path"
                    + " is checked against the path of the type found for its schema id; do not give one with"
                    + " SchemaRegistryFraming.messageIndexes");
        }
        if (options.nullPolicy() == NullPolicy.EMPTY_MESSAGE) {
            throw new IllegalArgumentException("DynamicProtobufDecoder.bySchemaId: NullPolicy.EMPTY_MESSAGE needs one"
                    + " message type, but a null part has no schema id to find it by; use FILTER or FAIL");
        }
        this.fromKey = options.decodesKey();
        this.aliasing = options.aliasing();
        this.onNull = options.nullPolicy();
    }

    @Override
    public DynamicMessage decode(ByteBuffer key, ByteBuffer value, RecordContext context)
            throws InvalidProtocolBufferException {
        final ByteBuffer bytes = fromKey ? key : value;
        final String what = fromKey ? "the record key" : "the record value";
        if (bytes == null) {
            if (onNull == NullPolicy.FILTER) {
                return null;
            }
            throw new InvalidProtocolBufferException("cannot parse " + UNKNOWN_TYPE + ": " + what + " is null");
        }
        final int schemaId = RegistryHeader.schemaId(bytes, UNKNOWN_TYPE, what);
        final SchemaType type = typeOf(schemaId, bytes, what);
        return type.parser.parse(bytes, RegistryHeader.messageStart(bytes, type.path, schemaId, type.name, what),
                what);
    }

    private SchemaType typeOf(int schemaId, ByteBuffer bytes, String what) throws InvalidProtocolBufferException {
        SchemaType type = byId.get(schemaId);
        if (type == null) {
            type = resolve(schemaId, bytes, what);
        }
        if (type == REJECTED) {
            throw RegistryHeader.error(UNKNOWN_TYPE, what, bytes.remaining(), "schema id "
                    + Integer.toUnsignedString(schemaId) + (framing.acceptsSchemaId(Integer.toUnsignedLong(schemaId))
                    ? " has no message type: the DescriptorForSchemaId function returned null"
                    : " is not one of the accepted ids " + Arrays.toString(framing.acceptedSchemaIds())));
        }
        return type;
    }

    /** Once per schema id: asks the function, unless the id is not accepted anyway. */
    private SchemaType resolve(int schemaId, ByteBuffer bytes, String what) throws InvalidProtocolBufferException {
        SchemaType type = REJECTED;
        if (framing.acceptsSchemaId(Integer.toUnsignedLong(schemaId))) {
            final Descriptor descriptor;
            try {
                descriptor = types.descriptorFor(Integer.toUnsignedLong(schemaId));
            } catch (Exception e) {
                // Not remembered: the next record with this id asks again.
                InvalidProtocolBufferException error = RegistryHeader.error(UNKNOWN_TYPE, what, bytes.remaining(),
                        "the DescriptorForSchemaId function failed for schema id "
                                + Integer.toUnsignedString(schemaId) + ": " + e);
                error.initCause(e);
                throw error;
            }
            if (descriptor != null) {
                type = new SchemaType(descriptor, new BufferParser<>(
                        DynamicMessage.getDefaultInstance(descriptor).getParserForType(),
                        descriptor.getFullName(), aliasing), SchemaRegistryFraming.messageIndexesOf(descriptor));
            }
        }
        byId.put(schemaId, type);
        return type;
    }

    @Override
    public String toString() {
        return "SchemaIdDecoder{" + types + ", " + framing + ", " + byId.size() + " schema ids seen}";
    }

    /** What a schema id decodes to: a type, its parser and its message-index path. */
    private static final class SchemaType {
        final String name;
        final BufferParser<DynamicMessage> parser;
        final int[] path;

        SchemaType(Descriptor descriptor, BufferParser<DynamicMessage> parser, int[] path) {
            this.name = descriptor == null ? null : descriptor.getFullName();
            this.parser = parser;
            this.path = path;
        }
    }
}
