/**
 * Helpers that more than one package of the module needs; no compatibility promise (like every
 * {@code io.jetway...internal} package, left out of the javadoc), public only so that the role packages can
 * use them.
 * <ul>
 * <li>{@link io.jetway.protobuf.internal.Messages}: a generated class's default instance, or a class by name
 * (decoders, encoder factory, serializers).</li>
 * <li>{@link io.jetway.protobuf.internal.BufferParser}: parses a message from a borrowed buffer, with the
 * errors every decoder gives (decoders, stream serializer).</li>
 * <li>{@link io.jetway.protobuf.internal.RegistryHeader}: reads and writes the schema-registry header
 * (decoders, encoder, {@code SchemaRegistryFraming}).</li>
 * <li>{@link io.jetway.protobuf.internal.FactoryOptions}: reads the string options of the codec factories
 * (decoder and encoder factories).</li>
 * </ul>
 * They are here rather than in one of the role packages so that no role package depends on another. This
 * package uses no other package of the module.
 */
package io.jetway.protobuf.internal;
