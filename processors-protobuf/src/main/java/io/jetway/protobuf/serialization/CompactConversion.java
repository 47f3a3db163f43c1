package io.jetway.protobuf.serialization;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.UnsafeByteOperations;
import com.hazelcast.nio.serialization.HazelcastSerializationException;

/** How one Protobuf field value becomes a Compact value and back (boxed, as protobuf's reflection API has them). */
enum CompactConversion {

    /** Same Java type on both sides: int32 family, int64 family, bool, float, double, string, message. */
    IDENTITY {
        @Override
        Object toCompact(FieldDescriptor field, Object value) {
            return value;
        }

        @Override
        Object toProto(FieldDescriptor field, Object value) {
            return value;
        }
    },

    /** uint32 and fixed32 as a Compact INT64, so SQL sees values above 2^31 as they are. */
    UNSIGNED_32 {
        @Override
        Object toCompact(FieldDescriptor field, Object value) {
            return Integer.toUnsignedLong((Integer) value);
        }

        @Override
        Object toProto(FieldDescriptor field, Object value) {
            return (int) (long) (Long) value;
        }
    },

    /** bytes as a Compact ARRAY_OF_INT8. */
    BYTES {
        @Override
        Object toCompact(FieldDescriptor field, Object value) {
            return ((ByteString) value).toByteArray();
        }

        @Override
        Object toProto(FieldDescriptor field, Object value) {
            return UnsafeByteOperations.unsafeWrap((byte[]) value);   // the reader's fresh array: ours alone
        }
    },

    /** Enum by name; a number unknown to the schema as its decimal text. */
    ENUM_NAME {
        @Override
        Object toCompact(FieldDescriptor field, Object value) {
            EnumValueDescriptor enumValue = (EnumValueDescriptor) value;
            return field.getEnumType().findValueByNumber(enumValue.getNumber()) != null
                    ? enumValue.getName() : Integer.toString(enumValue.getNumber());
        }

        @Override
        Object toProto(FieldDescriptor field, Object value) {
            String text = (String) value;
            EnumDescriptor type = field.getEnumType();
            EnumValueDescriptor byName = type.findValueByName(text);
            if (byName != null) {
                return byName;
            }
            try {
                return type.findValueByNumberCreatingIfUnknown(Integer.parseInt(text));
            } catch (NumberFormatException e) {
                throw new HazelcastSerializationException("field " + field.getFullName() + ": '" + text
                        + "' is neither a value of " + type.getFullName() + " nor a number", e);
            }
        }
    },

    /** Enum by number. */
    ENUM_NUMBER {
        @Override
        Object toCompact(FieldDescriptor field, Object value) {
            return ((EnumValueDescriptor) value).getNumber();
        }

        @Override
        Object toProto(FieldDescriptor field, Object value) {
            return field.getEnumType().findValueByNumberCreatingIfUnknown((Integer) value);
        }
    };

    abstract Object toCompact(FieldDescriptor field, Object value);

    abstract Object toProto(FieldDescriptor field, Object value);
}
