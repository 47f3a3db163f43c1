package io.jetway.examples.fraud;

import java.io.Serializable;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * A suspicious window of one account, as written to the alerts topic: one line of text,
 * {@code account,windowStart,payments,totalCents}. {@link #id()} names the window, so a duplicate alert
 * is visible.
 */
public record Alert(String account, long windowStart, long payments, long totalCents) implements Serializable {

    /** account@windowStart: one alert at most per account and window. */
    public String id() {
        return account + "@" + windowStart;
    }

    /** The record value. */
    public byte[] toBytes() {
        return (account + "," + windowStart + "," + payments + "," + totalCents).getBytes(UTF_8);
    }

    /** Parses {@link #toBytes()}. */
    public static Alert parse(byte[] value) {
        String[] f = new String(value, UTF_8).split(",");
        return new Alert(f[0], Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]));
    }
}
