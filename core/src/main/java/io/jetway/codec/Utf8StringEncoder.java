package io.jetway.codec;

import io.jetway.spi.codec.RecordEncoder;

import java.nio.ByteBuffer;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Writes a string as UTF-8, the counterpart of {@link Utf8StringDecoder}.
 * <p>
 * Made with {@code new Utf8StringEncoder()} (or {@link RecordEncoders#utf8String()}) it encodes the item in
 * whichever part it is asked for: {@code encodeKey(s)} and {@code encodeValue(s)} both return the bytes of
 * {@code s}. That is what {@link io.jetway.JetwayJournal}'s key and value encoders need (the key encoder is
 * asked only for keys, the value encoder only for values); as the encoder of a plain sink of strings it
 * makes each string the record's key and value. {@link #valueOnly()} writes records without a key.
 * <p>
 * Each string becomes one exact-size heap array at offset 0, which the producer sends without a copy;
 * a {@code null} item gives no key, or a tombstone. Stateless and thread-safe.
 */
public final class Utf8StringEncoder implements RecordEncoder<String> {

    private static final Utf8StringEncoder VALUE_ONLY = new Utf8StringEncoder(false);

    private final boolean withKey;

    /** Encodes the item as the key when asked for the key, and as the value when asked for the value. */
    public Utf8StringEncoder() {
        this(true);
    }

    private Utf8StringEncoder(boolean withKey) {
        this.withKey = withKey;
    }

    /** Encodes the item as the value only: records without a key. */
    public static Utf8StringEncoder valueOnly() {
        return VALUE_ONLY;
    }

    @Override
    public ByteBuffer encodeKey(String item) {
        return withKey ? utf8(item) : null;
    }

    @Override
    public ByteBuffer encodeValue(String item) {
        return utf8(item);
    }

    private static ByteBuffer utf8(String item) {
        return item == null ? null : ByteBuffer.wrap(item.getBytes(UTF_8));
    }

    @Override
    public String toString() {
        return withKey ? "Utf8StringEncoder{key and value}" : "Utf8StringEncoder{value only}";
    }
}
