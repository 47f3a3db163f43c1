package io.jetway.benchmarks.e2e;

import io.jetway.benchmarks.Checksums;

/**
 * What was written to an input topic, and so what a reader must report: the record count and the three
 * checksums of {@link Check}.
 */
record InputSummary(String topic, long records, long keys, long valueCrc, long seqMix) {

    /** The expected checksum of a reader that reports {@code check}. */
    long expected(Check check) {
        return switch (check) {
            case VALUE_CRC -> valueCrc;
            case EVENT_SEQ -> seqMix;
            case KEY_COUNTS -> Checksums.keyCounts(records, keys);
        };
    }

    /** The summary of events {@code 0..records-1}, without the value CRC (for inputs a variant writes itself). */
    static InputSummary ofSequence(String topic, long records, long keys) {
        long seqMix = 0;
        for (long i = 0; i < records; i++) {
            seqMix += Checksums.mix(i);
        }
        return new InputSummary(topic, records, keys, 0, seqMix);
    }
}
