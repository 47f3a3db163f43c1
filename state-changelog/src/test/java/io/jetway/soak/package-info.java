/**
 * The randomized fault soak of issue 12: Kafka → Jetway (a running count and sum per account, aligned or keyed
 * edge, {@code heap} or {@code kafka-changelog}) → Jetway's exactly-once Kafka sink, checked {@code read_committed}
 * by {@link io.jetway.testing.eos.ExactlyOnceChecker} while faults hit the job at random points of its progress.
 * <ul>
 *     <li>{@link io.jetway.soak.SoakScenario}: one run (input, fault, mode, backend, seed);</li>
 *     <li>{@link io.jetway.soak.SoakPlan}: which runs, from one master seed;</li>
 *     <li>{@link io.jetway.soak.SoakJobs}: the job per mode; {@link io.jetway.soak.AccountModel}: its computation;</li>
 *     <li>{@link io.jetway.soak.SoakCluster}, {@link io.jetway.soak.FaultInjector}: members and faults;</li>
 *     <li>{@link io.jetway.soak.SoakRunner}: one run, measured and checked; {@link io.jetway.soak.RunResult};</li>
 *     <li>{@link io.jetway.soak.SoakTable}: the table per fault × mode × backend and the per-run file.</li>
 * </ul>
 * {@link io.jetway.soak.FaultSoakTest} is the short version in the default build; {@link
 * io.jetway.soak.FaultSoakFullTest} the full one ({@code -Psoak}).
 */
package io.jetway.soak;
