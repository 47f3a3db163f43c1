package io.jetway.benchmarks.e2e;

import io.jetway.spi.codec.RecordEncoder;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A {@code (key, count)} as every count with a Kafka output writes it, whatever the engine: record key = the
 * key in UTF-8, value = the count as 8 big-endian bytes ({@link FinalCounts} reads it back).
 */
final class CountEncoder implements RecordEncoder<Map.Entry<String, Long>> {

    @Override
    public ByteBuffer encodeKey(Map.Entry<String, Long> item) {
        return ByteBuffer.wrap(item.getKey().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public ByteBuffer encodeValue(Map.Entry<String, Long> item) {
        return ByteBuffer.allocate(Long.BYTES).putLong(0, item.getValue());
    }
}
