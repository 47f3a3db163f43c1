/**
 * The {@code kafka-changelog} state backend ({@link io.jetway.state.changelog.KafkaChangelogStateBackendFactory}):
 * local state off-heap (chronicle-bytes), every change appended to a compacted changelog topic with one
 * partition per state partition, Jet snapshots holding only changelog positions and prepared
 * transactions, exactly-once through Kafka transactions spanning Jet's two-phase snapshot.
 * <p>
 * On-heap objects: the serdes turn keys and values into {@code byte[]} (the SPI's contract), and a read
 * deserialises the user's value object from a reused heap copy of its bytes. Everything stored is
 * off-heap.
 */
package io.jetway.state.changelog;
