package io.jetway.protobuf.decode;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import com.hazelcast.function.SupplierEx;
import io.jetway.protobuf.internal.BufferParser;
import io.jetway.protobuf.internal.Messages;
import io.jetway.protobuf.internal.RegistryHeader;
import io.jetway.protobuf.registry.SchemaRegistryFraming;
import io.jetway.spi.codec.RecordContext;
import io.jetway.spi.codec.RecordDecoder;

import java.nio.ByteBuffer;
import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/**
 * Decodes a record's value (or key) as one Protobuf message, parsing straight from the Kafka fetch buffer.
 * <pre>{@code
 * JetwaySources.kafka(config, ProtobufDecoder.supplier(Payment.class))
 * }</pre>
 *
 * <b>Buffers.</b> A heap buffer with an accessible array (what Kafka's consumer hands over) is parsed in
 * place: no copy of the record. A direct or read-only buffer has no accessible array and protobuf-java 4.x
 * parses only arrays, so it is copied once, with one bulk copy, into a scratch array the decoder reuses
 * for every record ({@code CodedInputStream.newInstance(ByteBuffer)} would allocate a fresh copy per
 * record); messages decoded that way never alias anything. The view's position and limit are not moved.
 * <p>
 * <b>Aliasing</b> (on by default, heap buffers only). The parser runs with
 * {@code enableAliasing(true)}, so a decoded message's {@code bytes} fields, length-delimited unknown
 * fields, proto2 {@code string} fields (kept as bytes until first read) and lazy fields are views of the
 * fetch buffer instead of copies. That is safe: the consumer allocates a new buffer per fetch response and
 * never reuses or changes it, and the view keeps it reachable. The cost is memory: while such a message
 * is alive it keeps its whole fetch buffer (up to {@code max.partition.fetch.bytes}/{@code fetch.max.bytes})
 * alive. Messages that leave the member or go into an IMap or a snapshot are serialized and no longer
 * alias; a job that keeps many decoded messages on the heap (a window collecting items, user state)
 * should use {@link ProtobufDecodeOptions#withoutAliasing()}, which copies those fields.
 * <p>
 * <b>Allocation.</b> Per record: the decoded message, plus protobuf's per-parse {@code CodedInputStream}
 * (and, with aliasing, the {@code ByteString} view it is created from); nothing else.
 * <p>
 * <b>Errors.</b> Malformed bytes throw an {@link InvalidProtocolBufferException} "cannot parse
 * shop.Payment from the record value (118 bytes): ..." with the parser's message; the source adds topic,
 * partition and offset and fails the job, or sends the record to its dead-letter topic. A payload of
 * another message type is rejected only when its wire format does not fit (Protobuf cannot tell otherwise).
 * An empty (0-byte) payload is valid Protobuf, the message with every field unset, unless
 * {@link ProtobufDecodeOptions#failOnEmpty()} makes it an error like malformed bytes.
 * <p>
 * <b>Schema-registry framing.</b> With {@link ProtobufDecodeOptions#schemaRegistryFraming()} the decoder
 * reads records written by a schema registry's serializer (Confluent's {@code KafkaProtobufSerializer},
 * Apicurio in its Confluent-compatible mode): it checks the magic byte, the schema id (see
 * {@link SchemaRegistryFraming}) and the message-index path in place and parses the message after them,
 * with the same buffers, aliasing and allocation as above. A wrong header is an error like malformed bytes,
 * saying what is wrong: "cannot parse shop.Payment from the record value (118 bytes): the first byte is
 * 0x0a, not the schema-registry magic byte 0x00 ...".
 * <p>
 * One instance per source processor; not thread-safe (it reuses its scratch array).
 *
 * @param <T> the message type
 */
public final class ProtobufDecoder<T extends Message> implements RecordDecoder<T> {

    private final BufferParser<T> parser;
    private final T emptyMessage;
    private final ProtobufDecodeOptions options;
    private final String typeName;
    private final String nullMessage;
    private final boolean failOnEmpty;
    private final String emptyMessageText;
    /** The schema-registry framing, or {@code null} for bare Protobuf. */
    private final SchemaRegistryFraming framing;
    /** The message-index path records must carry, when framed. */
    private final int[] messageIndexes;

    /** @param typePath the type's message-index path in its file, {@code null} when unknown */
    private ProtobufDecoder(Parser<T> parser, String typeName, int[] typePath, ProtobufDecodeOptions options) {
        this.options = requireNonNull(options, "options cannot be null");
        this.typeName = requireNonNull(typeName, "typeName cannot be null");
        this.parser = new BufferParser<>(requireNonNull(parser, "parser cannot be null"), typeName, options.aliasing());
        this.emptyMessage = options.nullPolicy() == NullPolicy.EMPTY_MESSAGE ? emptyMessage(parser, typeName) : null;
        this.nullMessage = "cannot parse " + typeName + ": the record " + options.partName() + " is null"
                + (options.decodesKey() ? "" : " (a tombstone)");
        this.failOnEmpty = options.failsOnEmpty();
        this.emptyMessageText = "cannot parse " + typeName + " from the record " + options.partName()
                + " (0 bytes): it is empty, and this decoder treats an empty payload as an error"
                + " (ProtobufDecodeOptions.failOnEmpty, option on-empty=fail)";
        this.framing = options.framing().orElse(null);
        this.messageIndexes = framing == null ? null : expectedPath(framing, typePath, typeName);
    }

    /** The path to expect: the one {@code framing} gives, else the type's own ({@code null} when unknown). */
    private static int[] expectedPath(SchemaRegistryFraming framing, int[] typePath, String typeName) {
        final int[] given = framing.givenMessageIndexes();
        if (given != null) {
            return given;
        }
        if (typePath == null) {
            throw new IllegalArgumentException("schema-registry framing for " + typeName + ": a decoder built from a"
                    + " Parser does not know the type's place in its .proto file; give it with"
                    + " SchemaRegistryFraming.messageIndexes(...)");
        }
        return typePath;
    }

    /** Messages are immutable: one empty instance serves every {@code null}. */
    private static <T extends Message> T emptyMessage(Parser<T> parser, String typeName) {
        try {
            return parser.parseFrom(new byte[0]);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("NullPolicy.EMPTY_MESSAGE: an empty " + typeName + " is not valid ("
                    + e.getMessage() + "); a proto2 message with required fields has no empty form", e);
        }
    }

    /** A decoder of the record value as {@code type}, with {@link ProtobufDecodeOptions#defaults()}. */
    public static <T extends Message> ProtobufDecoder<T> of(Class<T> type) {
        return of(type, ProtobufDecodeOptions.defaults());
    }

    /** A decoder of {@code type} with {@code options}; the parser is resolved once, now. */
    public static <T extends Message> ProtobufDecoder<T> of(Class<T> type, ProtobufDecodeOptions options) {
        T defaultInstance = Messages.defaultInstance(type);
        return of(defaultInstance, options);
    }

    /** A decoder of the type of {@code defaultInstance} (any {@link Message}, also a {@code DynamicMessage}). */
    @SuppressWarnings("unchecked")
    public static <T extends Message> ProtobufDecoder<T> of(T defaultInstance, ProtobufDecodeOptions options) {
        requireNonNull(defaultInstance, "defaultInstance cannot be null");
        return new ProtobufDecoder<>((Parser<T>) defaultInstance.getParserForType(),
                defaultInstance.getDescriptorForType().getFullName(),
                SchemaRegistryFraming.messageIndexesOf(defaultInstance.getDescriptorForType()), options);
    }

    /**
     * A decoder from a parser, for code that has one but no class (e.g. a lite-generated or wrapped type).
     *
     * With schema-registry framing, give the message-index path with {@link SchemaRegistryFraming#messageIndexes}:
     * a parser does not know it.
     *
     * @param typeName the message's full name, for error messages
     */
    public static <T extends Message> ProtobufDecoder<T> of(Parser<T> parser, String typeName,
                                                           ProtobufDecodeOptions options) {
        return new ProtobufDecoder<>(parser, typeName, null, options);
    }

    /**
     * A serializable supplier for a Jet source: it holds only the class and the options; each processor
     * builds its own decoder on its member. The class is checked now, so a wrong class fails when the
     * job is built.
     */
    public static <T extends Message> SupplierEx<ProtobufDecoder<T>> supplier(Class<T> type) {
        return supplier(type, ProtobufDecodeOptions.defaults());
    }

    /** As {@link #supplier(Class)}, with {@code options}. */
    public static <T extends Message> SupplierEx<ProtobufDecoder<T>> supplier(Class<T> type,
                                                                              ProtobufDecodeOptions options) {
        Messages.defaultInstance(type);
        requireNonNull(options, "options cannot be null");
        return () -> of(type, options);
    }

    @Override
    public T decode(ByteBuffer key, ByteBuffer value, RecordContext context) throws InvalidProtocolBufferException {
        final ByteBuffer bytes = options.decodesKey() ? key : value;
        if (bytes == null) {
            return switch (options.nullPolicy()) {
                case FILTER -> null;
                case EMPTY_MESSAGE -> emptyMessage;
                case FAIL -> throw new InvalidProtocolBufferException(nullMessage);
            };
        }
        if (failOnEmpty && !bytes.hasRemaining()) {
            throw new InvalidProtocolBufferException(emptyMessageText);
        }
        final String what = options.decodesKey() ? "the record key" : "the record value";
        if (framing == null) {
            return parser.parse(bytes, what);
        }
        final int schemaId = RegistryHeader.schemaId(bytes, typeName, what);
        if (!framing.acceptsSchemaId(Integer.toUnsignedLong(schemaId))) {
            throw rejected(schemaId, bytes.remaining(), what);
        }
        return parser.parse(bytes, RegistryHeader.messageStart(bytes, messageIndexes, schemaId, typeName, what), what);
    }

    private InvalidProtocolBufferException rejected(int schemaId, int length, String what) {
        return RegistryHeader.error(typeName, what, length, "schema id " + Integer.toUnsignedString(schemaId)
                + " is not one of the accepted ids " + Arrays.toString(framing.acceptedSchemaIds()));
    }

    /** The full Protobuf name of the decoded type, e.g. {@code shop.Payment}. */
    public String typeName() {
        return typeName;
    }

    /** The options this decoder was built with. */
    public ProtobufDecodeOptions options() {
        return options;
    }

    @Override
    public String toString() {
        return "ProtobufDecoder{" + typeName + ", " + options + '}';
    }
}
