/**
 * Decoding Kafka records into Protobuf messages, straight from the fetch buffer.
 * <p>
 * Entry points: {@link io.jetway.protobuf.decode.ProtobufDecoder} (a generated message class),
 * {@link io.jetway.protobuf.decode.DynamicProtobufDecoder} (a {@code Descriptor} known at run time, or a type
 * per schema id), both configured with {@link io.jetway.protobuf.decode.ProtobufDecodeOptions} (and
 * {@link io.jetway.protobuf.decode.NullPolicy}); by name: {@code "protobuf"}
 * ({@link io.jetway.protobuf.decode.ProtobufDecoderFactory}) and {@code "protobuf-dynamic"}
 * ({@link io.jetway.protobuf.decode.DynamicProtobufDecoderFactory}), listed in
 * {@code META-INF/services/io.jetway.spi.codec.RecordDecoderFactory}.
 * <p>
 * Package-private: {@code SchemaIdDecoder}, the engine of {@code DynamicProtobufDecoder.bySchemaId}, is here
 * rather than in {@link io.jetway.protobuf.registry}: it is a decoder, which needs this package's options and
 * would make the two packages depend on each other. {@code DescriptorSets} (a {@code Descriptor} carried
 * between JVMs as a {@code FileDescriptorSet}) serves only the dynamic decoder and its factory.
 */
package io.jetway.protobuf.decode;
