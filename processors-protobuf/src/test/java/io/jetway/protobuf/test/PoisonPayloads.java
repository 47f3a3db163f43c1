package io.jetway.protobuf.test;

import java.util.Arrays;
import java.util.Map;

import static java.nio.charset.StandardCharsets.UTF_8;

/** Bytes that are not a {@code shop.Payment}, as they reach a topic by accident, and the parser's verdict on each. */
public final class PoisonPayloads {

    /** A payment cut short inside its last field, as a torn write leaves it. */
    public static final byte[] TRUNCATED;
    /** Bytes that are no Protobuf at all: an over-long varint. */
    public static final byte[] GARBAGE = new byte[]{(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
            (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01};
    /** A payment written by a JSON serializer instead of a Protobuf one. */
    public static final byte[] WRONG_TYPE = "{\"paymentId\":\"p-1\",\"amount\":{\"units\":12}}".getBytes(UTF_8);

    /** Each payload by name, with a part of the parser's message for it. */
    public static final Map<String, Map.Entry<byte[], String>> ALL;

    static {
        byte[] whole = ShopEvents.samplePayment("torn").toByteArray();
        TRUNCATED = Arrays.copyOf(whole, whole.length - 3);
        ALL = Map.of(
                "truncated", Map.entry(TRUNCATED, "input ended unexpectedly in the middle of a field"),
                "garbage", Map.entry(GARBAGE, "malformed varint"),
                "wrong-type", Map.entry(WRONG_TYPE, "input ended unexpectedly in the middle of a field"));
    }

    private PoisonPayloads() {
    }
}
