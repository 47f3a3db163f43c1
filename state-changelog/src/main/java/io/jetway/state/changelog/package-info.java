/**
 * The kafka-changelog state backend: off-heap local state backed by a compacted Kafka changelog topic (filled by the state issue).
 */
package io.jetway.state.changelog;
