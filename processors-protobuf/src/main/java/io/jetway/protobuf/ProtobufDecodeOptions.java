package io.jetway.protobuf;

import java.io.Serializable;
import java.util.Objects;

import static java.util.Objects.requireNonNull;

/**
 * Immutable settings of a Protobuf decoder: which part of the record to decode, whether the decoded
 * message may alias the fetch buffer, and what a {@code null} part decodes to. Start from
 * {@link #defaults()}: the value, aliasing on, {@code null} filtered out.
 * <pre>{@code
 * ProtobufDecodeOptions.defaults().fromKey().withoutAliasing().onNull(NullPolicy.FAIL)
 * }</pre>
 */
public final class ProtobufDecodeOptions implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final ProtobufDecodeOptions DEFAULTS = new ProtobufDecodeOptions(false, true, NullPolicy.FILTER);

    private final boolean fromKey;
    private final boolean aliasing;
    private final NullPolicy onNull;

    private ProtobufDecodeOptions(boolean fromKey, boolean aliasing, NullPolicy onNull) {
        this.fromKey = fromKey;
        this.aliasing = aliasing;
        this.onNull = onNull;
    }

    /** Decode the record value; alias heap fetch buffers; a {@code null} value is filtered out. */
    public static ProtobufDecodeOptions defaults() {
        return DEFAULTS;
    }

    /** Decode the record key instead of the value. */
    public ProtobufDecodeOptions fromKey() {
        return new ProtobufDecodeOptions(true, aliasing, onNull);
    }

    /** Decode the record value (the default). */
    public ProtobufDecodeOptions fromValue() {
        return new ProtobufDecodeOptions(false, aliasing, onNull);
    }

    /**
     * Copy every {@code bytes} field (and unknown field) out of the fetch buffer instead of aliasing it, so
     * that a decoded message kept for long (in a window, in state) does not keep a whole fetch buffer alive.
     */
    public ProtobufDecodeOptions withoutAliasing() {
        return new ProtobufDecodeOptions(fromKey, false, onNull);
    }

    /** Let {@code bytes} fields of messages decoded from heap buffers alias the fetch buffer (the default). */
    public ProtobufDecodeOptions withAliasing() {
        return new ProtobufDecodeOptions(fromKey, true, onNull);
    }

    /** What a {@code null} key or value decodes to; default {@link NullPolicy#FILTER}. */
    public ProtobufDecodeOptions onNull(NullPolicy policy) {
        return new ProtobufDecodeOptions(fromKey, aliasing, requireNonNull(policy, "policy cannot be null"));
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

    /** "key" or "value", for messages. */
    String partName() {
        return fromKey ? "key" : "value";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProtobufDecodeOptions that
                && fromKey == that.fromKey && aliasing == that.aliasing && onNull == that.onNull;
    }

    @Override
    public int hashCode() {
        return Objects.hash(fromKey, aliasing, onNull);
    }

    @Override
    public String toString() {
        return "ProtobufDecodeOptions{part=" + partName() + ", aliasing=" + aliasing + ", onNull=" + onNull + '}';
    }
}
