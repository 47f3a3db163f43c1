package io.jetway.benchmarks.e2e;

import io.jetway.benchmarks.Events;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A running count's output as a {@code read_committed} reader sees it ({@link OutputReadBack#readUntil}), records of
 * key = the key's UTF-8 bytes and value = the count as 8 big-endian bytes (every engine writes this format). It
 * keeps each key's last count and knows when every key of the input ({@link Events}: event {@code seq} has key
 * {@code "k" + seq % keys}) has reached its number of events ({@link #complete()}): a key's counts are in one
 * partition, in order, so its last is its newest. Works for every output mode: one record per update, or fewer.
 * <p>
 * The reader shares the 2 cores with the engine it times, so it costs little per record: the input's keys are
 * parsed from the key bytes into an index of a {@code long[]} (no string, no box); any other key (a wrong
 * output) is kept by name and fails {@link #complete()} and {@link #verify}.
 */
final class FinalCounts implements OutputReadBack.RecordVisitor {

    private static final long UNSEEN = -1;

    private final long inputRecords;
    private final long inputKeys;
    private final int distinct;
    private final long[] last;
    private final Map<String, Long> unexpected = new HashMap<>();
    private long keysSeen;
    private long records;
    private long keysAtFinal;

    /** For an input of {@code inputRecords} events over {@code inputKeys} keys. */
    FinalCounts(long inputRecords, long inputKeys) {
        this.inputRecords = inputRecords;
        this.inputKeys = inputKeys;
        this.distinct = Math.toIntExact(Math.min(inputRecords, inputKeys));
        this.last = new long[distinct];
        Arrays.fill(last, UNSEEN);
    }

    @Override
    public void accept(ByteBuffer key, ByteBuffer value) {
        long count = value.getLong(value.position());
        records++;
        int k = inputKeyIndex(key);
        if (k < 0) {
            if (unexpected.put(StandardCharsets.UTF_8.decode(key.duplicate()).toString(), count) == null) {
                keysSeen++;
            }
            return;
        }
        long before = last[k];
        last[k] = count;
        long expected = expected(k);
        if (before == UNSEEN) {
            keysSeen++;
        } else if (before == expected) {
            keysAtFinal--;
        }
        if (count == expected) {
            keysAtFinal++;
        }
    }

    /** Whether every key's last count read equals its number of input events. */
    boolean complete() {
        return keysAtFinal == distinct && keysSeen == distinct;
    }

    /** The output records read. */
    long records() {
        return records;
    }

    /** The sum of the keys' last counts: the input records once {@link #complete()}. */
    long finalSum() {
        long sum = 0;
        for (long c : last) {
            sum += c == UNSEEN ? 0 : c;
        }
        for (long c : unexpected.values()) {
            sum += c;
        }
        return sum;
    }

    /** {@link Check#KEY_COUNTS} over the last counts: the sum of {@code c(c+1)/2}. */
    long checksum() {
        long sum = 0;
        for (long c : last) {
            sum += c == UNSEEN ? 0 : c * (c + 1) / 2;
        }
        for (long c : unexpected.values()) {
            sum += c * (c + 1) / 2;
        }
        return sum;
    }

    /** Fails unless {@link #complete()}, naming the first key that is not. */
    void verify(String topic) {
        if (keysSeen != distinct) {
            throw new IllegalStateException(topic + " holds counts of " + keysSeen + " keys; the input has "
                    + distinct + (unexpected.isEmpty() ? "" : ", and none of " + unexpected.keySet().stream()
                    .limit(5).toList()));
        }
        for (int k = 0; k < distinct; k++) {
            if (last[k] != expected(k)) {
                throw new IllegalStateException("the final count of key " + Events.key(k, inputKeys) + " in " + topic
                        + " is " + (last[k] == UNSEEN ? null : last[k]) + "; the input holds " + expected(k)
                        + " events of it");
            }
        }
    }

    // Events.key(seq, keys) = "k" + seq % keys: the index of a key written so (no sign, no leading zero) below
    // distinct, else -1
    private int inputKeyIndex(ByteBuffer key) {
        int at = key.position();
        int length = key.remaining();
        if (length < 2 || length > 11 || key.get(at) != 'k' || (key.get(at + 1) == '0' && length > 2)) {
            return -1;
        }
        long k = 0;
        for (int i = at + 1; i < at + length; i++) {
            int digit = key.get(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            k = k * 10 + digit;
        }
        return k < distinct ? (int) k : -1;
    }

    private long expected(int k) {
        return inputRecords / inputKeys + (k < inputRecords % inputKeys ? 1 : 0);
    }
}
