package io.jetway.protobuf.decode;

import com.google.protobuf.Message;
import io.jetway.protobuf.internal.FactoryOptions;
import io.jetway.protobuf.internal.Messages;
import io.jetway.protobuf.registry.SchemaRegistryFraming;
import io.jetway.spi.codec.RecordDecoder;
import io.jetway.spi.codec.RecordDecoderFactory;

import java.util.Map;
import java.util.Set;

/**
 * {@value #NAME}: a {@link ProtobufDecoder} chosen in configuration, e.g. with
 * {@code RecordDecoders.byName("protobuf", Map.of("message-class", "shop.v1.Payment"))}.
 * <table>
 * <caption>Options</caption>
 * <tr><td>{@code message-class}</td><td>required: the generated message class</td></tr>
 * <tr><td>{@code part}</td><td>{@code value} (default) or {@code key}</td></tr>
 * <tr><td>{@code aliasing}</td><td>{@code true} (default) or {@code false}; see {@link ProtobufDecoder}</td></tr>
 * <tr><td>{@code on-null}</td><td>{@code filter} (default), {@code fail} or {@code empty-message}</td></tr>
 * <tr><td>{@code on-empty}</td><td>what a 0-byte part decodes to: {@code empty-message} (default, as Protobuf
 * reads it) or {@code fail} (a decode error); see {@link ProtobufDecodeOptions#failOnEmpty()}</td></tr>
 * <tr><td>{@code framing}</td><td>{@code none} (default: bare Protobuf) or {@code schema-registry} (magic byte,
 * schema id and message-index path before the message, as Confluent's and Apicurio's serializers write it); see
 * {@link SchemaRegistryFraming}</td></tr>
 * <tr><td>{@code schema-ids}</td><td>with {@code framing=schema-registry}: the accepted schema ids, e.g.
 * {@code 17,18}; default any</td></tr>
 * <tr><td>{@code message-indexes}</td><td>with {@code framing=schema-registry}: the message-index path records
 * must carry, e.g. {@code 1,2}; default the type's place in its {@code .proto} file</td></tr>
 * </table>
 */
public final class ProtobufDecoderFactory implements RecordDecoderFactory {

    /** The factory's name. */
    public static final String NAME = "protobuf";

    private static final Set<String> OPTIONS = FactoryOptions.union(
            Set.of("message-class", "part", "aliasing", "on-null", "on-empty"), FactoryOptions.FRAMING_OPTIONS);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public RecordDecoder<?> create(Map<String, String> options) {
        FactoryOptions read = new FactoryOptions(NAME, options, OPTIONS);
        Class<? extends Message> type = Messages.messageClass(read.required("message-class"), "message-class");
        return ProtobufDecoder.of(type, decodeOptions(read));
    }

    /**
     * The decode options from {@code part}, {@code aliasing}, {@code on-null}, {@code on-empty} and the
     * framing options; shared with {@link DynamicProtobufDecoderFactory}.
     */
    static ProtobufDecodeOptions decodeOptions(FactoryOptions read) {
        ProtobufDecodeOptions decode = ProtobufDecodeOptions.defaults();
        if ("key".equals(read.oneOf("part", "value", "value", "key"))) {
            decode = decode.fromKey();
        }
        if (!read.bool("aliasing", true)) {
            decode = decode.withoutAliasing();
        }
        if ("fail".equals(read.oneOf("on-empty", "empty-message", "empty-message", "fail"))) {
            decode = decode.failOnEmpty();
        }
        SchemaRegistryFraming framing = framing(read);
        if (framing != null) {
            decode = decode.schemaRegistryFraming(framing);
        }
        return switch (read.oneOf("on-null", "filter", "filter", "fail", "empty-message")) {
            case "fail" -> decode.onNull(NullPolicy.FAIL);
            case "empty-message" -> decode.onNull(NullPolicy.EMPTY_MESSAGE);
            default -> decode;
        };
    }

    /**
     * The framing from {@code framing}, {@code schema-ids} and {@code message-indexes}, or {@code null} for
     * {@code framing=none}; the other two need {@code framing=schema-registry}.
     */
    private static SchemaRegistryFraming framing(FactoryOptions read) {
        if (!read.schemaRegistryFraming()) {
            read.onlyWithFraming("schema-ids");
            read.onlyWithFraming("message-indexes");
            return null;
        }
        String ids = read.optional("schema-ids");
        SchemaRegistryFraming framing = ids == null ? SchemaRegistryFraming.anySchemaId()
                : SchemaRegistryFraming.schemaIds(read.schemaIds("schema-ids", ids));
        int[] path = read.messageIndexes();
        return path == null ? framing : framing.messageIndexes(path);
    }
}
