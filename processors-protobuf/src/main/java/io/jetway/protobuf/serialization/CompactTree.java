package io.jetway.protobuf.serialization;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import com.hazelcast.nio.serialization.FieldKind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks a message type and every message type reachable from it, checks that each field maps to a
 * Compact field, and builds one {@link ProtobufCompactSerializer} per type (Hazelcast needs a serializer
 * for each nested class). Everything that cannot be mapped fails here, at registration, with the field's
 * path, never later at write or query time.
 */
final class CompactTree {

    private final CompactEnumMapping enums;
    private final Map<Descriptor, ProtobufCompactSerializer<?>> built = new LinkedHashMap<>();
    /** The message types on the path from the root to the type being walked, for finding cycles. */
    private final List<Descriptor> path = new ArrayList<>();
    private final List<String> fieldPath = new ArrayList<>();

    private CompactTree(CompactEnumMapping enums) {
        this.enums = enums;
    }

    /** Serializers for {@code root} (first) and every message type reachable from it. */
    static List<ProtobufCompactSerializer<?>> serializers(Message root, CompactEnumMapping enums) {
        if (root instanceof DynamicMessage) {
            throw new IllegalArgumentException("Compact needs one generated class per message type; "
                    + root.getDescriptorForType().getFullName() + " is a DynamicMessage");
        }
        CompactTree tree = new CompactTree(enums);
        tree.walk(root);
        List<ProtobufCompactSerializer<?>> all = new ArrayList<>(tree.built.values());
        all.add(0, all.remove(all.size() - 1));   // the walk finishes a type after its fields: the root is last
        return List.copyOf(all);
    }

    private <T extends Message> void walk(T defaultInstance) {
        Descriptor type = defaultInstance.getDescriptorForType();
        if (built.containsKey(type)) {
            return;
        }
        path.add(type);
        List<CompactField> fields = new ArrayList<>(type.getFields().size());
        for (FieldDescriptor field : type.getFields()) {
            fieldPath.add(field.getName());
            fields.add(map(defaultInstance, field));
            fieldPath.remove(fieldPath.size() - 1);
        }
        path.remove(path.size() - 1);
        @SuppressWarnings("unchecked")
        Class<T> javaClass = (Class<T>) defaultInstance.getClass();
        built.put(type, new ProtobufCompactSerializer<>(javaClass, defaultInstance, fields, enums));
    }

    private CompactField map(Message parent, FieldDescriptor field) {
        if (field.isMapField()) {
            throw unmappable(field, "is a map; Compact has no map kind. Model it as a repeated message with "
                    + "key and value fields, or store this type with ProtobufStreamSerializer (not queryable by field)");
        }
        boolean repeated = field.isRepeated();
        boolean nullable = field.hasPresence();
        return switch (field.getType()) {
            case INT32, SINT32, SFIXED32 -> scalar(field, repeated ? FieldKind.ARRAY_OF_INT32
                    : nullable ? FieldKind.NULLABLE_INT32 : FieldKind.INT32, CompactConversion.IDENTITY);
            case UINT32, FIXED32 -> scalar(field, repeated ? FieldKind.ARRAY_OF_INT64
                    : nullable ? FieldKind.NULLABLE_INT64 : FieldKind.INT64, CompactConversion.UNSIGNED_32);
            case INT64, SINT64, SFIXED64, UINT64, FIXED64 -> scalar(field, repeated ? FieldKind.ARRAY_OF_INT64
                    : nullable ? FieldKind.NULLABLE_INT64 : FieldKind.INT64, CompactConversion.IDENTITY);
            case BOOL -> scalar(field, repeated ? FieldKind.ARRAY_OF_BOOLEAN
                    : nullable ? FieldKind.NULLABLE_BOOLEAN : FieldKind.BOOLEAN, CompactConversion.IDENTITY);
            case FLOAT -> scalar(field, repeated ? FieldKind.ARRAY_OF_FLOAT32
                    : nullable ? FieldKind.NULLABLE_FLOAT32 : FieldKind.FLOAT32, CompactConversion.IDENTITY);
            case DOUBLE -> scalar(field, repeated ? FieldKind.ARRAY_OF_FLOAT64
                    : nullable ? FieldKind.NULLABLE_FLOAT64 : FieldKind.FLOAT64, CompactConversion.IDENTITY);
            case STRING -> scalar(field, repeated ? FieldKind.ARRAY_OF_STRING : FieldKind.STRING,
                    CompactConversion.IDENTITY);
            case BYTES -> {
                if (repeated) {
                    throw unmappable(field, "is repeated bytes; Compact has no array of byte arrays");
                }
                yield scalar(field, FieldKind.ARRAY_OF_INT8, CompactConversion.BYTES);
            }
            case ENUM -> enums == CompactEnumMapping.NAME
                    ? scalar(field, repeated ? FieldKind.ARRAY_OF_STRING : FieldKind.STRING, CompactConversion.ENUM_NAME)
                    : scalar(field, repeated ? FieldKind.ARRAY_OF_INT32
                            : nullable ? FieldKind.NULLABLE_INT32 : FieldKind.INT32, CompactConversion.ENUM_NUMBER);
            case MESSAGE, GROUP -> message(parent, field, repeated);
        };
    }

    private static CompactField scalar(FieldDescriptor field, FieldKind kind, CompactConversion conversion) {
        return new CompactField(field, kind, conversion, null);
    }

    private CompactField message(Message parent, FieldDescriptor field, boolean repeated) {
        Message child = parent.newBuilderForType().newBuilderForField(field).getDefaultInstanceForType();
        Descriptor childType = child.getDescriptorForType();
        int cycleStart = path.indexOf(childType);
        if (cycleStart >= 0) {
            throw unmappable(field, "refers back to " + childType.getFullName() + " (a recursive type); Hazelcast SQL "
                    + "cannot type a cycle of Compact types. Store this type with ProtobufStreamSerializer instead");
        }
        walk(child);
        return new CompactField(field, repeated ? FieldKind.ARRAY_OF_COMPACT : FieldKind.COMPACT,
                CompactConversion.IDENTITY, repeated ? child.getClass() : null);
    }

    private IllegalArgumentException unmappable(FieldDescriptor field, String why) {
        return new IllegalArgumentException("Cannot map " + path.get(0).getFullName() + " to Compact: field "
                + field.getFullName() + " (at " + path.get(0).getFullName() + "." + String.join(".", fieldPath) + ") "
                + why);
    }
}
