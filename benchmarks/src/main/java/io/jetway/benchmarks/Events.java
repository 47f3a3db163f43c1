package io.jetway.benchmarks;

import com.google.protobuf.UnsafeByteOperations;
import io.jetway.benchmarks.proto.Event;
import io.jetway.benchmarks.proto.Kind;

import java.nio.charset.StandardCharsets;

/**
 * Builds the benchmarks' input events: deterministic functions of their sequence number, so that every
 * reader can prove what it read (see {@link Checksums}). Event {@code seq} has the key
 * {@code "k" + seq % keys}; its wire size is padded with a {@code bytes} field to about the requested size.
 */
public final class Events {

    private static final String[] CURRENCIES = {"EUR", "USD", "CHF", "JPY"};
    private static final String[] MERCHANTS = {"Corner Bakery Zurich", "Nordic Outdoor Supply", "Central Station Kiosk",
            "Harbour Fish Market", "Online Books & Media", "Mountain Rail Tickets"};
    private static final byte[] PADDING = new byte[1 << 16];

    static {
        for (int i = 0; i < PADDING.length; i++) {
            PADDING[i] = (byte) (i * 31 + 7);
        }
    }

    private Events() {
    }

    /** The key of event {@code seq} when there are {@code keys} keys. */
    public static String key(long seq, long keys) {
        return "k" + (seq % keys);
    }

    /** Event {@code seq} with about {@code targetBytes} on the wire (never less than its unpadded size). */
    public static Event event(long seq, long keys, int targetBytes, long sentNanos) {
        long h = Checksums.mix(seq);
        Event.Builder b = Event.newBuilder()
                .setKey(key(seq, keys))
                .setSeq(seq)
                .setSentNanos(sentNanos)
                .setAccount("acct-" + Long.toString((h >>> 1) % 10_000_000, 36))
                .setAmountCents((h >>> 8) % 100_000)
                .setCurrency(CURRENCIES[(int) ((h >>> 20) & 3)])
                .setMerchant(MERCHANTS[(int) ((h >>> 24) & 0xFFFF) % MERCHANTS.length])
                .setKind((h & 0x30) == 0 ? Kind.REFUND : Kind.PAYMENT);
        int unpadded = b.build().getSerializedSize();
        int room = targetBytes - unpadded - 2;        // tag + a one-byte length
        if (room > 127) {
            room -= 1;                                // a two-byte length
        }
        if (room > 0) {
            b.setPayload(UnsafeByteOperations.unsafeWrap(PADDING, (int) (seq & 1023), Math.min(room, 60_000)));
        }
        return b.build();
    }

    /** The wire bytes of {@link #event}. */
    public static byte[] bytes(long seq, long keys, int targetBytes, long sentNanos) {
        return event(seq, keys, targetBytes, sentNanos).toByteArray();
    }

    /** The Kafka record key of event {@code seq}: the UTF-8 bytes of its key. */
    public static byte[] keyBytes(long seq, long keys) {
        return key(seq, keys).getBytes(StandardCharsets.UTF_8);
    }
}
