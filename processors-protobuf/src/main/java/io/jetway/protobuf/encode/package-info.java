/**
 * Encoding Protobuf messages as Kafka record values, with an optional key taken from the message.
 * <p>
 * Entry points: {@link io.jetway.protobuf.encode.ProtobufEncoder}; by name: {@code "protobuf"}
 * ({@link io.jetway.protobuf.encode.ProtobufEncoderFactory}, listed in
 * {@code META-INF/services/io.jetway.spi.codec.RecordEncoderFactory}).
 * <p>
 * Package-private: {@code KeyField}, the record key read from a field by name, which only the encoder and its
 * factory use. The per-thread stream encoder of the Hazelcast serializer is not here but in
 * {@link io.jetway.protobuf.serialization}, its only user, where it stays package-private.
 */
package io.jetway.protobuf.encode;
