package io.jetway.benchmarks.e2e;

/**
 * One measured setup, run alone in its own JVM by {@link VariantMain}: it warms up for at least
 * {@link VariantSettings#warmupSeconds()}, then measures, and reports what it read so that the driver can
 * verify it.
 */
interface Variant extends AutoCloseable {

    /** Warms up, measures and returns the measurement of the measured pass. */
    Measurement run(VariantSettings settings) throws Exception;

    /** Frees clusters, clients and topics the variant created. */
    @Override
    default void close() throws Exception {
    }
}
