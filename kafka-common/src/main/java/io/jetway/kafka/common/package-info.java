/**
 * Kafka client settings shared by every Jetway module that talks to Kafka: which properties are secrets and how
 * they print ({@link io.jetway.kafka.common.KafkaProperties}); and the format version that the snapshot values of
 * the Kafka sink and the {@code kafka-changelog} backend start with ({@link io.jetway.kafka.common.SnapshotFormat}).
 * Internal to Jetway, no compatibility promise; the transaction kit is in {@link io.jetway.kafka.common.txn}.
 */
package io.jetway.kafka.common;
