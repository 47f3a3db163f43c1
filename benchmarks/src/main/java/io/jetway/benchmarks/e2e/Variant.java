package io.jetway.benchmarks.e2e;

/** One way of reading the input topic, run alone in its own JVM by {@link VariantMain}. */
interface Variant {

    /** Stable name used on the command line and in the results file. */
    String name();

    /**
     * Reads all {@code records} of {@code topic} once from the beginning and measures the rate between the
     * first and the last record. Called repeatedly: first for warm-up, then for the measured pass.
     */
    Measurement readAll(String bootstrap, String topic, long records) throws Exception;

    /** Frees what the variant keeps between passes. */
    default void close() {
    }
}
