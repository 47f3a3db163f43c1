/**
 * Record codecs: how Kafka record bytes, handed over as {@link java.nio.ByteBuffer} views of the
 * fetch buffer, become items and back.
 */
package io.jetway.spi.codec;
