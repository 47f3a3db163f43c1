package io.jetway.protobuf.serialization;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.hazelcast.nio.serialization.FieldKind;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;

import java.lang.reflect.Array;
import java.util.Arrays;
import java.util.List;

/**
 * One Protobuf field as one Compact field of the same name: its kind, and how its value is written and
 * read. Built and checked by {@link CompactTree}; immutable, shared by all threads.
 * <p>
 * Reading tolerates schema evolution: a field absent from the data's schema (written before the field
 * existed) stays unset, and a scalar written nullable reads as well as one written plain and vice versa
 * (Compact's {@code readNullableX} accepts both kinds), so adding {@code optional} keeps old data readable.
 */
final class CompactField {

    private final FieldDescriptor field;
    private final String name;
    private final FieldKind kind;
    private final CompactConversion conversion;
    private final boolean presence;
    /** For ARRAY_OF_COMPACT: the generated class of the elements. */
    private final Class<?> elementClass;

    CompactField(FieldDescriptor field, FieldKind kind, CompactConversion conversion, Class<?> elementClass) {
        this.field = field;
        this.name = field.getName();
        this.kind = kind;
        this.conversion = conversion;
        this.presence = field.hasPresence();
        this.elementClass = elementClass;
    }

    String name() {
        return name;
    }

    FieldKind kind() {
        return kind;
    }

    FieldDescriptor descriptor() {
        return field;
    }

    void write(CompactWriter writer, Message message) {
        if (field.isRepeated()) {
            writeArray(writer, (List<?>) message.getField(field));
            return;
        }
        final Object value = presence && !message.hasField(field) ? null
                : conversion.toCompact(field, message.getField(field));
        switch (kind) {
            case INT32 -> writer.writeInt32(name, (Integer) value);
            case NULLABLE_INT32 -> writer.writeNullableInt32(name, (Integer) value);
            case INT64 -> writer.writeInt64(name, (Long) value);
            case NULLABLE_INT64 -> writer.writeNullableInt64(name, (Long) value);
            case BOOLEAN -> writer.writeBoolean(name, (Boolean) value);
            case NULLABLE_BOOLEAN -> writer.writeNullableBoolean(name, (Boolean) value);
            case FLOAT32 -> writer.writeFloat32(name, (Float) value);
            case NULLABLE_FLOAT32 -> writer.writeNullableFloat32(name, (Float) value);
            case FLOAT64 -> writer.writeFloat64(name, (Double) value);
            case NULLABLE_FLOAT64 -> writer.writeNullableFloat64(name, (Double) value);
            case STRING -> writer.writeString(name, (String) value);
            case ARRAY_OF_INT8 -> writer.writeArrayOfInt8(name, (byte[]) value);
            case COMPACT -> writer.writeCompact(name, value);
            default -> throw new IllegalStateException("no singular mapping to " + kind + " for " + field.getFullName());
        }
    }

    private void writeArray(CompactWriter writer, List<?> values) {
        final int n = values.size();
        switch (kind) {
            case ARRAY_OF_INT32 -> {
                int[] array = new int[n];
                for (int i = 0; i < n; i++) {
                    array[i] = (Integer) conversion.toCompact(field, values.get(i));
                }
                writer.writeArrayOfInt32(name, array);
            }
            case ARRAY_OF_INT64 -> {
                long[] array = new long[n];
                for (int i = 0; i < n; i++) {
                    array[i] = (Long) conversion.toCompact(field, values.get(i));
                }
                writer.writeArrayOfInt64(name, array);
            }
            case ARRAY_OF_BOOLEAN -> {
                boolean[] array = new boolean[n];
                for (int i = 0; i < n; i++) {
                    array[i] = (Boolean) values.get(i);
                }
                writer.writeArrayOfBoolean(name, array);
            }
            case ARRAY_OF_FLOAT32 -> {
                float[] array = new float[n];
                for (int i = 0; i < n; i++) {
                    array[i] = (Float) values.get(i);
                }
                writer.writeArrayOfFloat32(name, array);
            }
            case ARRAY_OF_FLOAT64 -> {
                double[] array = new double[n];
                for (int i = 0; i < n; i++) {
                    array[i] = (Double) values.get(i);
                }
                writer.writeArrayOfFloat64(name, array);
            }
            case ARRAY_OF_STRING -> {
                String[] array = new String[n];
                for (int i = 0; i < n; i++) {
                    array[i] = (String) conversion.toCompact(field, values.get(i));
                }
                writer.writeArrayOfString(name, array);
            }
            case ARRAY_OF_COMPACT -> writer.writeArrayOfCompact(name, values.toArray((Object[]) Array.newInstance(elementClass, n)));
            default -> throw new IllegalStateException("no repeated mapping to " + kind + " for " + field.getFullName());
        }
    }

    void read(CompactReader reader, Message.Builder builder) {
        if (reader.getFieldKind(name) == FieldKind.NOT_AVAILABLE) {
            return;   // written by an older schema without this field: it stays unset
        }
        if (field.isRepeated()) {
            readArray(reader, builder);
            return;
        }
        final Object value = switch (kind) {
            case INT32, NULLABLE_INT32 -> reader.readNullableInt32(name);
            case INT64, NULLABLE_INT64 -> reader.readNullableInt64(name);
            case BOOLEAN, NULLABLE_BOOLEAN -> reader.readNullableBoolean(name);
            case FLOAT32, NULLABLE_FLOAT32 -> reader.readNullableFloat32(name);
            case FLOAT64, NULLABLE_FLOAT64 -> reader.readNullableFloat64(name);
            case STRING -> reader.readString(name);
            case ARRAY_OF_INT8 -> reader.readArrayOfInt8(name);
            case COMPACT -> reader.readCompact(name);
            default -> throw new IllegalStateException("no singular mapping from " + kind + " for " + field.getFullName());
        };
        if (value != null) {
            builder.setField(field, conversion.toProto(field, value));
        }
    }

    private void readArray(CompactReader reader, Message.Builder builder) {
        switch (kind) {
            case ARRAY_OF_INT32 -> {
                int[] array = reader.readArrayOfInt32(name);
                if (array != null) {
                    for (int value : array) {
                        builder.addRepeatedField(field, conversion.toProto(field, value));
                    }
                }
            }
            case ARRAY_OF_INT64 -> {
                long[] array = reader.readArrayOfInt64(name);
                if (array != null) {
                    for (long value : array) {
                        builder.addRepeatedField(field, conversion.toProto(field, value));
                    }
                }
            }
            case ARRAY_OF_BOOLEAN -> {
                boolean[] array = reader.readArrayOfBoolean(name);
                if (array != null) {
                    for (boolean value : array) {
                        builder.addRepeatedField(field, value);
                    }
                }
            }
            case ARRAY_OF_FLOAT32 -> {
                float[] array = reader.readArrayOfFloat32(name);
                if (array != null) {
                    for (float value : array) {
                        builder.addRepeatedField(field, value);
                    }
                }
            }
            case ARRAY_OF_FLOAT64 -> {
                double[] array = reader.readArrayOfFloat64(name);
                if (array != null) {
                    for (double value : array) {
                        builder.addRepeatedField(field, value);
                    }
                }
            }
            case ARRAY_OF_STRING -> {
                String[] array = reader.readArrayOfString(name);
                if (array != null) {
                    for (String value : array) {
                        builder.addRepeatedField(field, conversion.toProto(field, value));
                    }
                }
            }
            case ARRAY_OF_COMPACT -> {
                Object[] array = reader.readArrayOfCompact(name, elementClass);
                if (array != null) {
                    builder.setField(field, Arrays.asList(array));
                }
            }
            default -> throw new IllegalStateException("no repeated mapping from " + kind + " for " + field.getFullName());
        }
    }
}
