/** Sinks that keep Hazelcast data structures in sync with a stream; no compatibility promise. */
package io.jetway.internal.sync;
