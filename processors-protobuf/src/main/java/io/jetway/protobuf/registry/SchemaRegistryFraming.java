package io.jetway.protobuf.registry;

import com.google.protobuf.Descriptors.Descriptor;
import io.jetway.protobuf.internal.RegistryHeader;

import java.io.Serializable;
import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/**
 * Immutable settings for records framed by a schema registry's serializer (Confluent's
 * {@code KafkaProtobufSerializer}, Apicurio in its Confluent-compatible mode): magic byte {@code 0}, a 4-byte
 * big-endian schema id, the message-index path, then the Protobuf message. Give it to a decoder with
 * {@link io.jetway.protobuf.decode.ProtobufDecodeOptions#schemaRegistryFraming(SchemaRegistryFraming)}:
 * <pre>{@code
 * ProtobufDecodeOptions.defaults().schemaRegistryFraming(SchemaRegistryFraming.schemaIds(17, 18))
 * }</pre>
 * <b>Schema ids</b> are unsigned 32-bit numbers, 0 to 4,294,967,295. By default any id is accepted;
 * {@link #schemaIds(long...)} accepts only those listed (a sorted {@code int[]}: no allocation per record).
 * A record with another id is a decode error (the job fails naming it, or it goes to the dead-letter topic).
 * <p>
 * <b>Message-index path.</b> Each record names its message type by its place in the schema's file: [0] the
 * first top-level message, [1, 2] the third message nested in the second one. A record whose path is not
 * the decoded type's is a decode error. The decoded type's path is taken from its descriptor (so the
 * registered schema should be the type's own {@code .proto} file); when the registered file differs (e.g. a
 * combined file), give the path with {@link #messageIndexes(int...)}.
 */
public final class SchemaRegistryFraming implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final SchemaRegistryFraming ANY = new SchemaRegistryFraming(null, null);

    /** The accepted ids' 32 bits, sorted as signed ints (only equality matters); {@code null}: any id. */
    private final int[] acceptedIds;
    /** The expected message-index path; {@code null}: the decoded type's own. */
    private final int[] path;

    private SchemaRegistryFraming(int[] acceptedIds, int[] path) {
        this.acceptedIds = acceptedIds;
        this.path = path;
    }

    /** Accept records written with any schema id (the default). */
    public static SchemaRegistryFraming anySchemaId() {
        return ANY;
    }

    /** Accept only records written with one of {@code ids} (unsigned 32-bit numbers; at least one). */
    public static SchemaRegistryFraming schemaIds(long... ids) {
        requireNonNull(ids, "ids cannot be null");
        if (ids.length == 0) {
            throw new IllegalArgumentException("schemaIds: give at least one id, or use anySchemaId()");
        }
        int[] bits = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            bits[i] = RegistryHeader.checkedSchemaId(ids[i]);
        }
        Arrays.sort(bits);
        return new SchemaRegistryFraming(bits, null);
    }

    /**
     * Expect this message-index path instead of the decoded type's own, for a schema registered as another
     * file than the type's; e.g. {@code messageIndexes(1, 2)}. Every index must be 0 or more.
     */
    public SchemaRegistryFraming messageIndexes(int... indexes) {
        return new SchemaRegistryFraming(acceptedIds, RegistryHeader.checkedPath(indexes));
    }

    /** The message-index path of {@code type} in its {@code .proto} file, outermost first: e.g. {@code [1, 2]}. */
    public static int[] messageIndexesOf(Descriptor type) {
        return RegistryHeader.pathOf(requireNonNull(type, "type cannot be null"));
    }

    /** Whether any schema id is accepted. */
    public boolean acceptsAnySchemaId() {
        return acceptedIds == null;
    }

    /** The accepted schema ids in ascending order, empty when any id is accepted. */
    public long[] acceptedSchemaIds() {
        if (acceptedIds == null) {
            return new long[0];
        }
        return Arrays.stream(acceptedIds).mapToLong(Integer::toUnsignedLong).sorted().toArray();
    }

    /** The message-index path given with {@link #messageIndexes(int...)}, or {@code null} for the type's own. */
    public int[] givenMessageIndexes() {
        return path == null ? null : path.clone();
    }

    /**
     * Whether records written with {@code schemaId} are accepted; {@code false} for a number that is no schema id
     * (outside 0 to 4,294,967,295). Allocation-free: decoders ask it for every record.
     */
    public boolean acceptsSchemaId(long schemaId) {
        final int[] ids = acceptedIds;
        if (ids == null) {
            return schemaId >= 0 && schemaId <= RegistryHeader.MAX_SCHEMA_ID;
        }
        if (schemaId < 0 || schemaId > RegistryHeader.MAX_SCHEMA_ID) {
            return false;
        }
        final int bits = (int) schemaId;
        return ids.length == 1 ? ids[0] == bits : Arrays.binarySearch(ids, bits) >= 0;
    }

    /** The accepted ids as text, for errors. */
    private String acceptedText() {
        return Arrays.toString(acceptedSchemaIds());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SchemaRegistryFraming that && Arrays.equals(acceptedIds, that.acceptedIds)
                && Arrays.equals(path, that.path);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(acceptedIds) + Arrays.hashCode(path);
    }

    @Override
    public String toString() {
        return "SchemaRegistryFraming{schemaIds=" + (acceptedIds == null ? "any" : acceptedText())
                + ", messageIndexes=" + (path == null ? "the type's own" : Arrays.toString(path)) + '}';
    }
}
