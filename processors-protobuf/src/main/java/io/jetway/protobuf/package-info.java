/**
 * Protobuf for Jetway (protobuf-java 4.x), in one package per role; this package itself holds no types.
 * <ul>
 * <li>{@link io.jetway.protobuf.decode}: record decoders that parse straight from the Kafka fetch buffer,
 * their options, and the {@code "protobuf"} and {@code "protobuf-dynamic"} decoder factories.</li>
 * <li>{@link io.jetway.protobuf.encode}: the record encoder for sinks and the {@code "protobuf"} encoder
 * factory.</li>
 * <li>{@link io.jetway.protobuf.registry}: settings for the framing that schema-registry serializers
 * (Confluent's {@code KafkaProtobufSerializer}, Apicurio in Confluent-compatible mode) put before each
 * message, which decoders read and the encoder writes.</li>
 * <li>{@link io.jetway.protobuf.serialization}: Hazelcast serializers for Protobuf messages (wire bytes, and
 * Compact records that SQL can query) and their registration.</li>
 * <li>{@code io.jetway.protobuf.internal}: helpers the other packages share; no compatibility promise.</li>
 * </ul>
 * Dependencies point one way: {@code internal} uses no other package of the module; {@code registry} uses
 * {@code internal}; {@code decode} and {@code encode} use both; {@code serialization} uses {@code internal}.
 * The role packages do not use each other.
 */
package io.jetway.protobuf;
