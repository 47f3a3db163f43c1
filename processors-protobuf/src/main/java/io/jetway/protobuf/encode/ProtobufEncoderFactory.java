package io.jetway.protobuf.encode;

import com.google.protobuf.Message;
import io.jetway.protobuf.internal.FactoryOptions;
import io.jetway.protobuf.internal.Messages;
import io.jetway.spi.codec.RecordEncoder;
import io.jetway.spi.codec.RecordEncoderFactory;

import java.util.Map;
import java.util.Set;

/**
 * {@value #NAME}: a {@link ProtobufEncoder} chosen in configuration.
 * <table>
 * <caption>Options</caption>
 * <tr><td>{@code key-field}</td><td>optional: a top-level scalar field whose UTF-8 text is the record key;
 * without it records have no key</td></tr>
 * <tr><td>{@code message-class}</td><td>optional: the message class, to check {@code key-field} against now
 * instead of at the first record</td></tr>
 * <tr><td>{@code framing}</td><td>{@code none} (default: bare Protobuf) or {@code schema-registry}: each value
 * starts with magic byte 0, the schema id and the message-index path, as a schema registry's serializer
 * writes it</td></tr>
 * <tr><td>{@code schema-id}</td><td>required with {@code framing=schema-registry}: the registered schema's id</td></tr>
 * <tr><td>{@code message-indexes}</td><td>with {@code framing=schema-registry}: the type's message-index path in
 * the registered file, e.g. {@code 1,2}; default {@code 0} (the first message)</td></tr>
 * </table>
 */
public final class ProtobufEncoderFactory implements RecordEncoderFactory {

    /** The factory's name. */
    public static final String NAME = "protobuf";

    private static final Set<String> OPTIONS = Set.of("key-field", "message-class", "framing", "schema-id",
            "message-indexes");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public RecordEncoder<?> create(Map<String, String> options) {
        FactoryOptions read = new FactoryOptions(NAME, options, OPTIONS);
        String keyField = read.optional("key-field");
        String className = read.optional("message-class");
        if (className != null) {
            Class<? extends Message> type = Messages.messageClass(className, "message-class");
            Message defaultInstance = Messages.defaultInstance(type);
            if (keyField != null) {
                new KeyField(keyField).check(defaultInstance.getDescriptorForType());
            }
        }
        ProtobufEncoder<Message> encoder = keyField == null ? ProtobufEncoder.valueOnly()
                : ProtobufEncoder.withKeyField(keyField);
        if (!read.schemaRegistryFraming()) {
            for (String key : new String[]{"schema-id", "message-indexes"}) {
                if (read.optional(key) != null) {
                    throw new IllegalArgumentException("'" + NAME + "': option '" + key
                            + "' needs framing=schema-registry");
                }
            }
            return encoder;
        }
        long schemaId = read.schemaId("schema-id", read.required("schema-id"));
        int[] path = read.messageIndexes();
        return encoder.withSchemaRegistryFraming(schemaId, path == null ? new int[]{0} : path);
    }
}
