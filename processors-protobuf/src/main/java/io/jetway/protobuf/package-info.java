/**
 * Protobuf for Jetway (protobuf-java 4.x): record decoders that parse straight from the Kafka fetch
 * buffer, an encoder for sinks, and Hazelcast serializers for Protobuf messages.
 * <ul>
 * <li>Decoding: {@link io.jetway.protobuf.ProtobufDecoder} (generated classes),
 * {@link io.jetway.protobuf.DynamicProtobufDecoder} (a {@code Descriptor} known at run time), settings in
 * {@link io.jetway.protobuf.ProtobufDecodeOptions}; by name: {@code "protobuf"}
 * ({@link io.jetway.protobuf.ProtobufDecoderFactory}) and {@code "protobuf-dynamic"}
 * ({@link io.jetway.protobuf.DynamicProtobufDecoderFactory}).</li>
 * <li>Schema-registry framing (Confluent's {@code KafkaProtobufSerializer}, Apicurio in Confluent-compatible
 * mode): {@link io.jetway.protobuf.SchemaRegistryFraming} for decoders (option {@code framing=schema-registry}),
 * {@link io.jetway.protobuf.DescriptorForSchemaId} for a type per schema id,
 * {@code ProtobufEncoder.withSchemaRegistryFraming} for sinks.</li>
 * <li>Encoding: {@link io.jetway.protobuf.ProtobufEncoder}; by name: {@code "protobuf"}
 * ({@link io.jetway.protobuf.ProtobufEncoderFactory}).</li>
 * <li>Hazelcast: {@link io.jetway.protobuf.ProtobufStreamSerializer} (wire bytes, type ids from
 * {@link io.jetway.protobuf.ProtobufTypeIds}), {@link io.jetway.protobuf.ProtobufCompactSerializer}
 * (queryable with SQL; statements from {@link io.jetway.protobuf.ProtobufSqlMapping}), registered with
 * {@link io.jetway.protobuf.ProtobufSerialization} or a {@link io.jetway.protobuf.ProtobufSerializerHook}.</li>
 * </ul>
 */
package io.jetway.protobuf;
