package io.jetway.protobuf;

import com.google.protobuf.Message;
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
 * </table>
 */
public final class ProtobufEncoderFactory implements RecordEncoderFactory {

    /** The factory's name. */
    public static final String NAME = "protobuf";

    private static final Set<String> OPTIONS = Set.of("key-field", "message-class");

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
        return keyField == null ? ProtobufEncoder.valueOnly() : ProtobufEncoder.withKeyField(keyField);
    }
}
