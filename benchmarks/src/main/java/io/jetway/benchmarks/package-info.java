/**
 * JMH hot-path benchmarks and end-to-end comparisons against the peers.
 */
package io.jetway.benchmarks;
