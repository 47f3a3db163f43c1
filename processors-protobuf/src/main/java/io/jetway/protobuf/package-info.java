/**
 * Protobuf record decoders that parse straight from the Kafka fetch buffer, encoders, and Hazelcast serializers for Protobuf messages (filled by the Protobuf issue).
 */
package io.jetway.protobuf;
