/**
 * Settings for records framed by a schema registry's serializer (Confluent's {@code KafkaProtobufSerializer},
 * Apicurio in its Confluent-compatible mode): magic byte {@code 0}, a 4-byte schema id and the message-index
 * path before each Protobuf message.
 * <p>
 * Entry points: {@link io.jetway.protobuf.registry.SchemaRegistryFraming} (which schema ids and which
 * message-index path a decoder accepts; give it to {@code ProtobufDecodeOptions.schemaRegistryFraming}) and
 * {@link io.jetway.protobuf.registry.DescriptorForSchemaId} (the message type per schema id, for
 * {@code DynamicProtobufDecoder.bySchemaId}). Encoders write the framing with
 * {@code ProtobufEncoder.withSchemaRegistryFraming}.
 * <p>
 * The header bytes themselves are read and written by {@code io.jetway.protobuf.internal.RegistryHeader}: the
 * decoders and the encoder both need it, so it sits with the other shared helpers instead of being a public
 * type here that is no API. This package uses only {@code internal}, so that decoders and encoder can both
 * depend on it.
 */
package io.jetway.protobuf.registry;
