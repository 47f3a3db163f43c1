package io.jetway.protobuf.serialization;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Message;
import com.hazelcast.nio.serialization.FieldKind;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import io.jetway.protobuf.internal.Messages;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A Hazelcast {@link CompactSerializer} for one generated Protobuf message class, driven by its descriptor,
 * so that an {@code IMap} of Protobuf values can be queried with Hazelcast SQL by field name.
 * <p>
 * <b>Type name:</b> {@value #TYPE_NAME_PREFIX}{@code <full Protobuf name>}, e.g.
 * {@code jetway.proto.shop.Order}; it never changes, because data and SQL mappings refer to it.
 * <p>
 * <b>Fields</b> keep their {@code .proto} names ({@code placed_at_ms}). Mapping:
 * <table>
 * <caption>Protobuf to Compact (SQL)</caption>
 * <tr><td>int32, sint32, sfixed32</td><td>INT32 (INTEGER)</td></tr>
 * <tr><td>int64, sint64, sfixed64</td><td>INT64 (BIGINT)</td></tr>
 * <tr><td>uint32, fixed32</td><td>INT64 (BIGINT), the unsigned value</td></tr>
 * <tr><td>uint64, fixed64</td><td>INT64 (BIGINT), the same 64 bits: values of 2^63 and more read negative</td></tr>
 * <tr><td>bool, float, double</td><td>BOOLEAN, FLOAT32 (REAL), FLOAT64 (DOUBLE)</td></tr>
 * <tr><td>string</td><td>STRING (VARCHAR)</td></tr>
 * <tr><td>bytes</td><td>ARRAY_OF_INT8 (not queryable in SQL)</td></tr>
 * <tr><td>enum</td><td>STRING with the value's name, or INT32 with its number ({@link CompactEnumMapping})</td></tr>
 * <tr><td>message, group</td><td>COMPACT of type {@code jetway.proto.<its name>}: a SQL custom type
 * ({@code CREATE TYPE ... OPTIONS ('format'='compact', 'compactTypeName'='...')}), queried as
 * {@code (customer).billing_address.city}</td></tr>
 * <tr><td>repeated scalars and enums</td><td>ARRAY_OF_INT32/INT64/BOOLEAN/FLOAT32/FLOAT64/STRING</td></tr>
 * <tr><td>repeated messages</td><td>ARRAY_OF_COMPACT</td></tr>
 * <tr><td>fields with presence (proto3 {@code optional}, oneof members, proto2)</td><td>the nullable kinds
 * (NULLABLE_INT32, ...): unset is {@code NULL}; a oneof becomes one nullable field per member</td></tr>
 * </table>
 * <b>Rejected at registration</b> (an {@link IllegalArgumentException} naming the field and its path):
 * {@code map<,>} fields, {@code repeated bytes}, and recursive types (a message that contains itself,
 * directly or not). Not carried: unknown fields and extensions (a Compact round trip drops them).
 * <p>
 * <b>Evolution:</b> a field missing from stored data (added to the {@code .proto} later) reads as unset.
 * <p>
 * <b>Cost:</b> values go through protobuf's reflection API ({@code getField}/{@code setField}), so numbers
 * are boxed; use {@link ProtobufStreamSerializer} where querying by field is not needed.
 * <p>
 * Build the serializers of a type and all types it contains with {@link #forTree(Class)}; register them
 * with {@link ProtobufSerialization#registerCompact}. Immutable and thread-safe.
 *
 * @param <T> the message type
 */
public final class ProtobufCompactSerializer<T extends Message> implements CompactSerializer<T> {

    /** Prefix of every Compact type name written by this serializer. */
    public static final String TYPE_NAME_PREFIX = "jetway.proto.";

    private final Class<T> type;
    private final T defaultInstance;
    private final String typeName;
    private final CompactField[] fields;
    private final CompactEnumMapping enums;

    ProtobufCompactSerializer(Class<T> type, T defaultInstance, List<CompactField> fields, CompactEnumMapping enums) {
        this.type = type;
        this.defaultInstance = defaultInstance;
        this.typeName = typeNameOf(defaultInstance.getDescriptorForType());
        this.fields = fields.toArray(new CompactField[0]);
        this.enums = enums;
    }

    /** The serializers of {@code root} (first) and of every message type reachable from it, enums by name. */
    public static List<ProtobufCompactSerializer<?>> forTree(Class<? extends Message> root) {
        return forTree(root, CompactEnumMapping.NAME);
    }

    /**
     * The serializers of {@code root} (first) and of every message type reachable from it.
     *
     * @throws IllegalArgumentException naming the first field that cannot be mapped
     */
    public static List<ProtobufCompactSerializer<?>> forTree(Class<? extends Message> root, CompactEnumMapping enums) {
        requireNonNull(enums, "enums cannot be null");
        return CompactTree.serializers(Messages.defaultInstance(root), enums);
    }

    /** The Compact type name of a message type: {@value #TYPE_NAME_PREFIX} + its full name. */
    public static String typeNameOf(Descriptor type) {
        return TYPE_NAME_PREFIX + type.getFullName();
    }

    @Override
    public T read(CompactReader reader) {
        Message.Builder builder = defaultInstance.newBuilderForType();
        for (CompactField field : fields) {
            field.read(reader, builder);
        }
        return type.cast(builder.build());
    }

    @Override
    public void write(CompactWriter writer, T message) {
        for (CompactField field : fields) {
            field.write(writer, message);
        }
    }

    @Override
    public String getTypeName() {
        return typeName;
    }

    @Override
    public Class<T> getCompactClass() {
        return type;
    }

    /** How enums are stored. */
    public CompactEnumMapping enumMapping() {
        return enums;
    }

    /** The Compact fields written, by name, in {@code .proto} order: what a SQL mapping can list. */
    public Map<String, FieldKind> fieldKinds() {
        Map<String, FieldKind> kinds = new LinkedHashMap<>();
        for (CompactField field : fields) {
            kinds.put(field.name(), field.kind());
        }
        return kinds;
    }

    /** The mapped fields, in {@code .proto} order. */
    List<CompactField> fields() {
        return List.of(fields);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProtobufCompactSerializer<?> that && type == that.type && enums == that.enums;
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + enums.hashCode();
    }

    @Override
    public String toString() {
        return "ProtobufCompactSerializer{" + typeName + ", enums=" + enums + '}';
    }
}
