/**
 * Hazelcast serializers for Protobuf messages: as wire bytes, or as Compact records that SQL can query.
 * <p>
 * Entry points: {@link io.jetway.protobuf.serialization.ProtobufSerialization} registers both kinds in a
 * {@code SerializationConfig}; {@link io.jetway.protobuf.serialization.ProtobufSerializerHook} registers a
 * stream serializer through {@code META-INF/services/com.hazelcast.SerializerHook}. The serializers themselves:
 * {@link io.jetway.protobuf.serialization.ProtobufStreamSerializer} (type ids from
 * {@link io.jetway.protobuf.serialization.ProtobufTypeIds}) and
 * {@link io.jetway.protobuf.serialization.ProtobufCompactSerializer} (enums as
 * {@link io.jetway.protobuf.serialization.CompactEnumMapping} says; SQL statements from
 * {@link io.jetway.protobuf.serialization.ProtobufSqlMapping}).
 * <p>
 * Package-private: the Compact mapping ({@code CompactTree}, {@code CompactField}, {@code CompactConversion})
 * and {@code StreamEncoders}, the per-thread {@code CodedOutputStream} that only the stream serializer uses.
 */
package io.jetway.protobuf.serialization;
