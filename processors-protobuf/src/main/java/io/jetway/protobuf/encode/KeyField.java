package io.jetway.protobuf.encode;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.hazelcast.function.FunctionEx;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * The bytes of a Kafka key taken from a top-level scalar field, found by name. The field is looked up once
 * per message type, not per record; the last lookup is cached.
 */
final class KeyField implements FunctionEx<Message, byte[]> {

    private static final long serialVersionUID = 1L;

    private final String fieldName;
    /** The last resolved type and its field; a benign race: a stale read only repeats the lookup. */
    private transient volatile Resolved last;

    KeyField(String fieldName) {
        this.fieldName = requireNonNull(fieldName, "fieldName cannot be null");
        if (fieldName.isBlank()) {
            throw new IllegalArgumentException("the key field name must not be blank");
        }
    }

    /** Checks now that {@code type} has a usable field of that name. */
    void check(Descriptor type) {
        resolve(type);
    }

    @Override
    public byte[] applyEx(Message message) {
        Descriptor type = message.getDescriptorForType();
        Resolved resolved = last;
        if (resolved == null || resolved.type != type) {
            resolved = resolve(type);
            last = resolved;
        }
        FieldDescriptor field = resolved.field;
        if (field.hasPresence() && !message.hasField(field)) {
            return null;
        }
        Object value = message.getField(field);
        if (value instanceof ByteString bytes) {
            return bytes.toByteArray();
        }
        if (value instanceof EnumValueDescriptor e) {
            return e.getName().getBytes(UTF_8);
        }
        if (field.getType() == FieldDescriptor.Type.UINT32 || field.getType() == FieldDescriptor.Type.FIXED32) {
            return Integer.toUnsignedString((Integer) value).getBytes(UTF_8);
        }
        if (field.getType() == FieldDescriptor.Type.UINT64 || field.getType() == FieldDescriptor.Type.FIXED64) {
            return Long.toUnsignedString((Long) value).getBytes(UTF_8);
        }
        return String.valueOf(value).getBytes(UTF_8);
    }

    private Resolved resolve(Descriptor type) {
        FieldDescriptor field = type.findFieldByName(fieldName);
        if (field == null) {
            throw new IllegalArgumentException("key field '" + fieldName + "' not found in " + type.getFullName()
                    + "; its fields: " + type.getFields().stream().map(FieldDescriptor::getName).toList());
        }
        if (field.isRepeated() || field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
            throw new IllegalArgumentException("key field '" + field.getFullName() + "' must be a singular scalar, "
                    + "string, bytes or enum field");
        }
        return new Resolved(type, field);
    }

    @Override
    public String toString() {
        return "field '" + fieldName + "'";
    }

    private record Resolved(Descriptor type, FieldDescriptor field) {
    }
}
