package io.jetway.protobuf.serialization;

/** How {@link ProtobufCompactSerializer} stores Protobuf enum fields. */
public enum CompactEnumMapping {

    /**
     * As the value's name, a Compact {@code STRING} (SQL {@code VARCHAR}: {@code WHERE status = 'SHIPPED'});
     * a number the schema does not know (an open enum read from newer data) as its decimal text. The default.
     */
    NAME,

    /** As the value's number, a Compact {@code INT32} (SQL {@code INTEGER}); survives renaming values. */
    NUMBER
}
