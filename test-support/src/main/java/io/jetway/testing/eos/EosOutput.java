package io.jetway.testing.eos;

import java.io.Serializable;

/**
 * One output record of the job under an exactly-once check: the input event it was computed from and the
 * key's state right after that event. Its wire form is the UTF-8 text {@code id:key:seq:state}, its Kafka
 * key the event's key.
 *
 * @param id    the input event's id
 * @param key   its key
 * @param seq   its sequence number
 * @param state the key's state after applying it
 */
public record EosOutput(long id, String key, long seq, long state) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The output for {@code event} with {@code state}. */
    public static EosOutput of(EosEvent event, long state) {
        return new EosOutput(event.id(), event.key(), event.seq(), state);
    }

    /** The wire form, {@code id:key:seq:state}. */
    public String encode() {
        return id + ":" + key + ":" + seq + ":" + state;
    }

    /**
     * Parses the wire form.
     *
     * @throws IllegalArgumentException naming the text when it is not {@code id:key:seq:state}
     */
    public static EosOutput parse(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an output (id:key:seq:state): '" + text + "'");
        }
        try {
            return new EosOutput(Long.parseLong(parts[0]), parts[1], Long.parseLong(parts[2]),
                    Long.parseLong(parts[3]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an output (id:key:seq:state): '" + text + "'", e);
        }
    }
}
