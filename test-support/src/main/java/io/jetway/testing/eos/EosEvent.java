package io.jetway.testing.eos;

import java.io.Serializable;

import static java.util.Objects.requireNonNull;

/**
 * One input record of an exactly-once check: a unique id, a key, and the key's sequence number (0, 1, 2...
 * in the order the records of that key were produced). Its wire form is the UTF-8 text {@code id:key:seq}.
 *
 * @param id  unique over the input, 0..n-1
 * @param key the key (no ':')
 * @param seq the position of this event among the events of its key
 */
public record EosEvent(long id, String key, long seq) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Validates the fields. */
    public EosEvent {
        requireNonNull(key, "key cannot be null");
        if (key.indexOf(':') >= 0 || id < 0 || seq < 0) {
            throw new IllegalArgumentException("bad event " + id + ", " + key + ", " + seq);
        }
    }

    /** The wire form, {@code id:key:seq}. */
    public String encode() {
        return id + ":" + key + ":" + seq;
    }

    /**
     * Parses the wire form.
     *
     * @throws IllegalArgumentException naming the text when it is not {@code id:key:seq}
     */
    public static EosEvent parse(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not an event (id:key:seq): '" + text + "'");
        }
        try {
            return new EosEvent(Long.parseLong(parts[0]), parts[1], Long.parseLong(parts[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an event (id:key:seq): '" + text + "'", e);
        }
    }
}
