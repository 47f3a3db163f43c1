package io.jetway.benchmarks.e2e;

import io.jetway.benchmarks.Events;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A running count's output as a {@code read_committed} reader sees it ({@link OutputReadBack#readUntil}), records of
 * key = the key's UTF-8 bytes and value = the count as 8 big-endian bytes (every engine writes this format). It
 * keeps each key's last count and knows when every key of the input ({@link Events}: event {@code seq} has key
 * {@code seq % keys}) has reached its number of events ({@link #complete()}): a key's counts are in one
 * partition, in order, so its last is its newest. Works for every output mode: one record per update, or fewer.
 */
final class FinalCounts implements OutputReadBack.RecordVisitor {

    private final long inputRecords;
    private final long inputKeys;
    private final long distinct;
    private final Map<String, Long> last = new HashMap<>();
    private long records;
    private long keysAtFinal;

    /** For an input of {@code inputRecords} events over {@code inputKeys} keys. */
    FinalCounts(long inputRecords, long inputKeys) {
        this.inputRecords = inputRecords;
        this.inputKeys = inputKeys;
        this.distinct = Math.min(inputRecords, inputKeys);
    }

    @Override
    public void accept(ByteBuffer key, ByteBuffer value) {
        String k = StandardCharsets.UTF_8.decode(key).toString();
        long count = value.getLong(value.position());
        Long before = last.put(k, count);
        long expected = expected(k);
        if (before != null && before == expected) {
            keysAtFinal--;
        }
        if (count == expected) {
            keysAtFinal++;
        }
        records++;
    }

    /** Whether every key's last count read equals its number of input events. */
    boolean complete() {
        return keysAtFinal == distinct && last.size() == distinct;
    }

    /** The output records read. */
    long records() {
        return records;
    }

    /** The sum of the keys' last counts: the input records once {@link #complete()}. */
    long finalSum() {
        long sum = 0;
        for (long c : last.values()) {
            sum += c;
        }
        return sum;
    }

    /** {@link Check#KEY_COUNTS} over the last counts: the sum of {@code c(c+1)/2}. */
    long checksum() {
        long sum = 0;
        for (long c : last.values()) {
            sum += c * (c + 1) / 2;
        }
        return sum;
    }

    /** Fails unless {@link #complete()}, naming the first key that is not. */
    void verify(String topic) {
        if (last.size() != distinct) {
            throw new IllegalStateException(topic + " holds counts of " + last.size() + " keys; the input has "
                    + distinct);
        }
        for (long k = 0; k < distinct; k++) {
            String key = Events.key(k, inputKeys);
            Long actual = last.get(key);
            if (actual == null || actual != expected(key)) {
                throw new IllegalStateException("the final count of key " + key + " in " + topic + " is " + actual
                        + "; the input holds " + expected(key) + " events of it");
            }
        }
    }

    // Events.key(seq, keys) = "k" + seq % keys; -1 for a key the input does not hold
    private long expected(String key) {
        long k;
        try {
            k = Long.parseLong(key, 1, key.length(), 10);
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return -1;
        }
        if (key.charAt(0) != 'k' || k < 0 || k >= distinct) {
            return -1;
        }
        return inputRecords / inputKeys + (k < inputRecords % inputKeys ? 1 : 0);
    }
}
