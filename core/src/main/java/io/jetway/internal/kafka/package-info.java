/** Kafka processors and their helpers; no compatibility promise. */
package io.jetway.internal.kafka;
