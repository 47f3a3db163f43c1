package io.jetway.soak;

import java.time.Duration;

/**
 * The sizes and deadlines of a soak run, the same for every scenario of one test. The short (CI) and the full
 * (profile) soak differ only in their defaults; each value can be overridden with the system property named
 * in {@link #fromSystemProperties}.
 *
 * @param accounts          keys of the input (accounts)
 * @param events            input events per run
 * @param partitions        partitions of the input and the output topic
 * @param snapshotInterval  Jet's snapshot interval
 * @param forcefulRestarts  restarts per {@code FORCEFUL_RESTARTS} run
 * @param firstOutput       how long the first committed output may take after the job was submitted
 * @param progressDeadline  how long the committed output may stand still (any wait for progress, and the wait
 *                          for the last record once all input is written and the fault is over) before the run
 *                          counts as stalled
 */
record SoakSettings(int accounts, int events, int partitions, Duration snapshotInterval, int forcefulRestarts,
                    Duration firstOutput, Duration progressDeadline) {

    /** The short soak of the default build: small inputs, a few restarts. */
    static SoakSettings ci() {
        return fromSystemProperties(new SoakSettings(1_000, 20_000, 4, Duration.ofMillis(500), 3,
                Duration.ofSeconds(120), Duration.ofSeconds(90)));
    }

    /** The full soak of the {@code soak} profile: the sizes of issue 12's independent checker. */
    static SoakSettings full() {
        return fromSystemProperties(new SoakSettings(1_000, 100_000, 4, Duration.ofMillis(500), 5,
                Duration.ofSeconds(120), Duration.ofSeconds(90)));
    }

    /**
     * {@code defaults} with overrides from {@code jetway.soak.accounts}, {@code .events},
     * {@code .restarts} (forceful restarts per run) and {@code .deadline.seconds} (the progress deadline).
     */
    static SoakSettings fromSystemProperties(SoakSettings defaults) {
        return new SoakSettings(Integer.getInteger("jetway.soak.accounts", defaults.accounts),
                Integer.getInteger("jetway.soak.events", defaults.events), defaults.partitions,
                defaults.snapshotInterval, Integer.getInteger("jetway.soak.restarts", defaults.forcefulRestarts),
                defaults.firstOutput,
                Duration.ofSeconds(Long.getLong("jetway.soak.deadline.seconds", defaults.progressDeadline.toSeconds())));
    }
}
