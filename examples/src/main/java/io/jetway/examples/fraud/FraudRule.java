package io.jetway.examples.fraud;

import java.io.Serializable;

/**
 * When an account looks suspicious: in one tumbling window of event time it made at least
 * {@link #MIN_PAYMENTS} payments, or paid at least {@link #MIN_TOTAL_CENTS}. The job and the verdict's
 * offline expectation use this one class, so they cannot disagree about the rule.
 */
public final class FraudRule implements Serializable {

    /** The window length in event time. */
    public static final long WINDOW_MS = 10_000;
    /** Payments in one window that raise an alert. */
    public static final long MIN_PAYMENTS = 4;
    /** Total in one window that raises an alert, in cents ($10,000). */
    public static final long MIN_TOTAL_CENTS = 1_000_000;

    private static final long serialVersionUID = 1L;

    private FraudRule() {
    }

    /** Whether a window with these totals raises an alert. */
    public static boolean isSuspicious(long payments, long totalCents) {
        return payments >= MIN_PAYMENTS || totalCents >= MIN_TOTAL_CENTS;
    }

    /** The start of the window that holds {@code timestampMs}. */
    public static long windowStart(long timestampMs) {
        return Math.floorDiv(timestampMs, WINDOW_MS) * WINDOW_MS;
    }
}
