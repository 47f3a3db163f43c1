package io.jetway.protobuf;

import com.google.protobuf.Descriptors.Descriptor;

import java.io.Serializable;
import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/**
 * Immutable settings for records framed by a schema registry's serializer (Confluent's
 * {@code KafkaProtobufSerializer}, Apicurio in its Confluent-compatible mode): magic byte {@code 0}, a 4-byte
 * big-endian schema id, the message-index path, then the Protobuf message. Give it to a decoder with
 * {@link ProtobufDecodeOptions#schemaRegistryFraming(SchemaRegistryFraming)}:
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
    private static final long MAX_SCHEMA_ID = 0xFFFF_FFFFL;
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
            bits[i] = checkedSchemaId(ids[i]);
        }
        Arrays.sort(bits);
        return new SchemaRegistryFraming(bits, null);
    }

    /**
     * Expect this message-index path instead of the decoded type's own, for a schema registered as another
     * file than the type's; e.g. {@code messageIndexes(1, 2)}. Every index must be 0 or more.
     */
    public SchemaRegistryFraming messageIndexes(int... indexes) {
        return new SchemaRegistryFraming(acceptedIds, checkedPath(indexes));
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

    /** Whether records with schema id {@code bits} (the id's 32 bits) are accepted; allocation-free. */
    boolean accepts(int bits) {
        final int[] ids = acceptedIds;
        if (ids == null) {
            return true;
        }
        return ids.length == 1 ? ids[0] == bits : Arrays.binarySearch(ids, bits) >= 0;
    }

    /** The path to expect for a type whose own path is {@code typePath} ({@code null} when unknown). */
    int[] expectedPath(int[] typePath, String typeName) {
        if (path != null) {
            return path;
        }
        if (typePath == null) {
            throw new IllegalArgumentException("schema-registry framing for " + typeName + ": a decoder built from a"
                    + " Parser does not know the type's place in its .proto file; give it with"
                    + " SchemaRegistryFraming.messageIndexes(...)");
        }
        return typePath;
    }

    /** The accepted ids as text, for errors. */
    String acceptedText() {
        return Arrays.toString(acceptedSchemaIds());
    }

    /** {@code id} as 32 bits, if it is an unsigned 32-bit number. */
    static int checkedSchemaId(long id) {
        if (id < 0 || id > MAX_SCHEMA_ID) {
            throw new IllegalArgumentException("schema id " + id + " is not an unsigned 32-bit number (0 to "
                    + MAX_SCHEMA_ID + ")");
        }
        return (int) id;
    }

    /** A copy of {@code indexes}, if it is a valid message-index path. */
    static int[] checkedPath(int... indexes) {
        requireNonNull(indexes, "indexes cannot be null");
        if (indexes.length == 0) {
            throw new IllegalArgumentException("a message-index path has at least one index ([0]: the first message)");
        }
        for (int index : indexes) {
            if (index < 0) {
                throw new IllegalArgumentException("message-index path " + Arrays.toString(indexes)
                        + ": indexes are 0 or more");
            }
        }
        return indexes.clone();
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
