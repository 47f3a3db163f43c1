package io.jetway.protobuf.serialization;

import com.google.protobuf.Message;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Writes the Hazelcast SQL statements that make an {@code IMap} of Compact-serialized Protobuf values
 * ({@link ProtobufCompactSerializer}) queryable. Hazelcast requires an explicit column list for Compact
 * mappings, and a {@code CREATE TYPE} per nested message for {@code (customer).billing_address.city}:
 * these statements are derived from the descriptor, so they match the serializer field for field.
 * <pre>{@code
 * for (String statement : ProtobufSqlMapping.statements("orders", "varchar", Order.class)) {
 *     hz.getSql().executeUpdate(statement);
 * }
 * }</pre>
 * Nested types are created {@code IF NOT EXISTS} under their Compact type name, quoted
 * ({@code "jetway.proto.shop.Customer"}). Array fields (repeated fields, {@code bytes}) are left out:
 * Hazelcast SQL has no column type for Compact arrays. Unset fields with presence read as {@code NULL}.
 * Hazelcast 5.7 needs Avro's classes on the members' class path to evaluate nested field access, even
 * for Compact values (its {@code FieldAccessExpression} refers to Avro's {@code GenericRecord}).
 */
public final class ProtobufSqlMapping {

    private static final Map<String, String> KEY_TYPES = Map.of("varchar", "VARCHAR", "bigint", "BIGINT",
            "int", "INTEGER", "integer", "INTEGER", "boolean", "BOOLEAN", "double", "DOUBLE");

    private ProtobufSqlMapping() {
    }

    /** As {@link #statements(String, String, Class, CompactEnumMapping)}, enums by name. */
    public static List<String> statements(String mappingName, String keyFormat, Class<? extends Message> valueType) {
        return statements(mappingName, keyFormat, valueType, CompactEnumMapping.NAME);
    }

    /**
     * The {@code CREATE TYPE IF NOT EXISTS} statements of the nested message types (dependencies first), then
     * {@code CREATE OR REPLACE MAPPING} for the IMap named {@code mappingName}.
     *
     * @param keyFormat the IMap key's SQL format: varchar, bigint, int, boolean or double
     */
    public static List<String> statements(String mappingName, String keyFormat, Class<? extends Message> valueType,
                                          CompactEnumMapping enums) {
        requireNonNull(mappingName, "mappingName cannot be null");
        String keyType = KEY_TYPES.get(requireNonNull(keyFormat, "keyFormat cannot be null").toLowerCase(Locale.ROOT));
        if (keyType == null) {
            throw new IllegalArgumentException("keyFormat '" + keyFormat + "' is not one of " + KEY_TYPES.keySet());
        }
        List<ProtobufCompactSerializer<?>> tree = ProtobufCompactSerializer.forTree(valueType, enums);
        List<String> statements = new ArrayList<>();
        for (ProtobufCompactSerializer<?> nested : tree.subList(1, tree.size())) {
            statements.add("CREATE TYPE IF NOT EXISTS " + quote(nested.getTypeName()) + " (" + columns(nested)
                    + ") OPTIONS ('format'='compact', 'compactTypeName'='" + nested.getTypeName() + "')");
        }
        ProtobufCompactSerializer<?> root = tree.get(0);
        statements.add("CREATE OR REPLACE MAPPING " + quote(mappingName) + " (__key " + keyType + ", " + columns(root)
                + ") TYPE IMap OPTIONS ('keyFormat'='" + keyFormat.toLowerCase(Locale.ROOT) + "', "
                + "'valueFormat'='compact', 'valueCompactTypeName'='" + root.getTypeName() + "')");
        return statements;
    }

    private static String columns(ProtobufCompactSerializer<?> serializer) {
        List<String> columns = new ArrayList<>();
        for (CompactField field : serializer.fields()) {
            String sqlType = switch (field.kind()) {
                case INT32, NULLABLE_INT32 -> "INTEGER";
                case INT64, NULLABLE_INT64 -> "BIGINT";
                case BOOLEAN, NULLABLE_BOOLEAN -> "BOOLEAN";
                case FLOAT32, NULLABLE_FLOAT32 -> "REAL";
                case FLOAT64, NULLABLE_FLOAT64 -> "DOUBLE";
                case STRING -> "VARCHAR";
                case COMPACT -> quote(ProtobufCompactSerializer.typeNameOf(field.descriptor().getMessageType()));
                default -> null;   // arrays: no SQL column type
            };
            if (sqlType != null) {
                columns.add(quote(field.name()) + " " + sqlType);
            }
        }
        return String.join(", ", columns);
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
