package io.jetway.spi.tck;

/**
 * A job as the contract tests see it: a name and an id that stay the same across its restarts, and a
 * fixed number of state partitions.
 */
record TckJob(String name, long id, int partitions) {
}
