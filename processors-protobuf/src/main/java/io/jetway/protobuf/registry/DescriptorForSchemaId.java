package io.jetway.protobuf.registry;

import com.google.protobuf.Descriptors.Descriptor;

import java.io.Serializable;

/**
 * The message type of records written with a given schema id, for a dynamic decoder that reads topics of
 * several types or schema versions
 * ({@link io.jetway.protobuf.decode.DynamicProtobufDecoder#bySchemaId DynamicProtobufDecoder.bySchemaId}).
 * Typically it looks the id up in a schema registry, or in a map built from descriptor sets, and picks the
 * message.
 * <p>
 * Serializable, since Jet ships it to every member; each decoder calls it once per schema id it meets and
 * keeps the answer (a registry never changes what an id means).
 */
@FunctionalInterface
public interface DescriptorForSchemaId extends Serializable {

    /**
     * The message type of records written with {@code schemaId}, or {@code null} to reject such records (each
     * is then a decode error naming the id). The record's message-index path must be this type's path in its
     * file. What this throws is a decode error of the record at hand and is not remembered, so retry transient
     * failures (an unreachable registry) here rather than throw.
     *
     * @param schemaId the id, an unsigned 32-bit number (0 to 4,294,967,295)
     */
    Descriptor descriptorFor(long schemaId) throws Exception;
}
