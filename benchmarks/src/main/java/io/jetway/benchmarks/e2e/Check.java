package io.jetway.benchmarks.e2e;

/** Which checksum a variant reports, so the driver knows what to compare it with (see {@code Checksums}). */
enum Check {
    /** Sum of the CRC32C of every value read, for readers that do not decode. */
    VALUE_CRC,
    /** Sum of {@code mix(seq)} of every decoded event. */
    EVENT_SEQ,
    /** Sum of every count a running count per key emitted, or of {@code c(c+1)/2} over its final counts. */
    KEY_COUNTS
}
