package io.jetway.benchmarks.e2e;

import io.jetway.benchmarks.Events;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A running count's output as a {@code read_committed} reader sees it ({@link OutputReadBack#readUntil}), records of
 * key = the key's UTF-8 bytes and value = the count as 8 bytes: how many records, the sum of the counts
 * ({@link Check#KEY_COUNTS}) and each key's last count, which {@link #verify} compares with what the input
 * holds per key (a key's counts are in one partition, in order, so its last is its final count).
 */
final class FinalCounts implements OutputReadBack.RecordVisitor {

    private final Map<String, Long> last = new HashMap<>();
    private long records;
    private long sum;

    @Override
    public void accept(ByteBuffer key, ByteBuffer value) {
        long count = value.getLong(value.position());
        last.put(StandardCharsets.UTF_8.decode(key).toString(), count);
        records++;
        sum += count;
    }

    /** The records read. */
    long records() {
        return records;
    }

    /** The sum of every count read. */
    long sum() {
        return sum;
    }

    /**
     * Fails unless every key of an input of {@code inputRecords} events over {@code inputKeys} keys
     * ({@link Events}: event {@code seq} has key {@code seq % keys}) ended at its number of events, and no
     * other key appeared.
     */
    void verify(String topic, long inputRecords, long inputKeys) {
        long distinct = Math.min(inputRecords, inputKeys);
        if (last.size() != distinct) {
            throw new IllegalStateException(topic + " holds counts of " + last.size() + " keys; the input has "
                    + distinct);
        }
        for (long k = 0; k < distinct; k++) {
            long expected = inputRecords / inputKeys + (k < inputRecords % inputKeys ? 1 : 0);
            Long actual = last.get(Events.key(k, inputKeys));
            if (actual == null || actual != expected) {
                throw new IllegalStateException("the final count of key " + Events.key(k, inputKeys) + " in " + topic
                        + " is " + actual + "; the input holds " + expected + " events of it");
            }
        }
    }
}
