package io.jetway.protobuf.decode;

import io.jetway.protobuf.registry.SchemaRegistryFraming;

import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Immutable settings of a Protobuf decoder: which part of the record to decode, whether the decoded
 * message may alias the fetch buffer, what a {@code null} part decodes to, and whether an empty (0-byte)
 * part is an error, and whether the part carries a schema registry's header. Start from {@link #defaults()}:
 * the value, aliasing on, {@code null} filtered out, an empty part decoded as Protobuf does (the message with
 * every field unset), bare Protobuf without a header.
 * <pre>{@code
 * ProtobufDecodeOptions.defaults().fromKey().withoutAliasing().onNull(NullPolicy.FAIL).failOnEmpty()
 * ProtobufDecodeOptions.defaults().schemaRegistryFraming()   // written by KafkaProtobufSerializer
 * }</pre>
 */
public final class ProtobufDecodeOptions implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final ProtobufDecodeOptions DEFAULTS = new ProtobufDecodeOptions(false, true, NullPolicy.FILTER,
            false, null);

    private final boolean fromKey;
    private final boolean aliasing;
    private final NullPolicy onNull;
    private final boolean failOnEmpty;
    /** {@code null}: bare Protobuf. */
    private final SchemaRegistryFraming framing;

    private ProtobufDecodeOptions(boolean fromKey, boolean aliasing, NullPolicy onNull, boolean failOnEmpty,
                                  SchemaRegistryFraming framing) {
        this.fromKey = fromKey;
        this.aliasing = aliasing;
        this.onNull = onNull;
        this.failOnEmpty = failOnEmpty;
        this.framing = framing;
    }

    /** Decode the record value; alias heap fetch buffers; a {@code null} value is filtered out. */
    public static ProtobufDecodeOptions defaults() {
        return DEFAULTS;
    }

    /** Decode the record key instead of the value. */
    public ProtobufDecodeOptions fromKey() {
        return new ProtobufDecodeOptions(true, aliasing, onNull, failOnEmpty, framing);
    }

    /** Decode the record value (the default). */
    public ProtobufDecodeOptions fromValue() {
        return new ProtobufDecodeOptions(false, aliasing, onNull, failOnEmpty, framing);
    }

    /**
     * Copy every {@code bytes} field (and unknown field) out of the fetch buffer instead of aliasing it, so
     * that a decoded message kept for long (in a window, in state) does not keep a whole fetch buffer alive.
     */
    public ProtobufDecodeOptions withoutAliasing() {
        return new ProtobufDecodeOptions(fromKey, false, onNull, failOnEmpty, framing);
    }

    /** Let {@code bytes} fields of messages decoded from heap buffers alias the fetch buffer (the default). */
    public ProtobufDecodeOptions withAliasing() {
        return new ProtobufDecodeOptions(fromKey, true, onNull, failOnEmpty, framing);
    }

    /** What a {@code null} key or value decodes to; default {@link NullPolicy#FILTER}. */
    public ProtobufDecodeOptions onNull(NullPolicy policy) {
        return new ProtobufDecodeOptions(fromKey, aliasing, requireNonNull(policy, "policy cannot be null"),
                failOnEmpty, framing);
    }

    /**
     * Treat an empty (0-byte, non-null) part as a decode error: the job fails naming the record, or the record
     * goes to the dead-letter topic. Protobuf itself reads 0 bytes as the message with every field unset, so
     * without this option a producer that wrote nothing passes unnoticed.
     */
    public ProtobufDecodeOptions failOnEmpty() {
        return new ProtobufDecodeOptions(fromKey, aliasing, onNull, true, framing);
    }

    /** Decode an empty part as the message with every field unset, as Protobuf does (the default). */
    public ProtobufDecodeOptions emptyAsMessage() {
        return new ProtobufDecodeOptions(fromKey, aliasing, onNull, false, framing);
    }

    /**
     * The part starts with a schema registry's header (Confluent's {@code KafkaProtobufSerializer}, Apicurio in
     * its Confluent-compatible mode), with any schema id and the decoded type's message-index path; the header
     * is skipped in place, nothing is copied. A record without it, or with another type's path, is a decode
     * error. With this framing a 0-byte part is always an error (its header is missing).
     */
    public ProtobufDecodeOptions schemaRegistryFraming() {
        return schemaRegistryFraming(SchemaRegistryFraming.anySchemaId());
    }

    /** As {@link #schemaRegistryFraming()}, with the schema ids and message-index path of {@code framing}. */
    public ProtobufDecodeOptions schemaRegistryFraming(SchemaRegistryFraming framing) {
        return new ProtobufDecodeOptions(fromKey, aliasing, onNull, failOnEmpty,
                requireNonNull(framing, "framing cannot be null"));
    }

    /** The part is bare Protobuf, without a header (the default). */
    public ProtobufDecodeOptions unframed() {
        return new ProtobufDecodeOptions(fromKey, aliasing, onNull, failOnEmpty, null);
    }

    /** The schema-registry framing, if the part has one. */
    public Optional<SchemaRegistryFraming> framing() {
        return Optional.ofNullable(framing);
    }

    /** Whether the key is decoded (else the value). */
    public boolean decodesKey() {
        return fromKey;
    }

    /** Whether messages decoded from heap buffers may alias them. */
    public boolean aliasing() {
        return aliasing;
    }

    /** What a {@code null} part decodes to. */
    public NullPolicy nullPolicy() {
        return onNull;
    }

    /** Whether an empty (0-byte) part is a decode error rather than an empty message. */
    public boolean failsOnEmpty() {
        return failOnEmpty;
    }

    /** "key" or "value", for messages. */
    String partName() {
        return fromKey ? "key" : "value";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProtobufDecodeOptions that
                && fromKey == that.fromKey && aliasing == that.aliasing && onNull == that.onNull
                && failOnEmpty == that.failOnEmpty && Objects.equals(framing, that.framing);
    }

    @Override
    public int hashCode() {
        return Objects.hash(fromKey, aliasing, onNull, failOnEmpty, framing);
    }

    @Override
    public String toString() {
        return "ProtobufDecodeOptions{part=" + partName() + ", aliasing=" + aliasing + ", onNull=" + onNull
                + ", failOnEmpty=" + failOnEmpty + ", framing=" + (framing == null ? "none" : framing) + '}';
    }
}
