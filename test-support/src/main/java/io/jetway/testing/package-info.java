/**
 * Test fixtures: an embedded KRaft Kafka broker, an embedded Hazelcast cluster, and fault injection.
 */
package io.jetway.testing;
