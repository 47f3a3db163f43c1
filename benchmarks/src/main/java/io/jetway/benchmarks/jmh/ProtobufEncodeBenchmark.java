package io.jetway.benchmarks.jmh;

import io.jetway.benchmarks.Events;
import io.jetway.benchmarks.proto.Event;
import io.jetway.protobuf.encode.ProtobufEncoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

import java.nio.ByteBuffer;

/**
 * Encoding one {@link Event} as a Kafka record value: {@link ProtobufEncoder} against the library baseline
 * {@code ByteBuffer.wrap(event.toByteArray())}. Both need one exact-size array per record (the producer
 * sends arrays); the message memoizes its size, as it would after the first encode in a job too.
 * <pre>java -jar benchmarks/target/benchmarks.jar ProtobufEncode -prof gc</pre>
 */
public class ProtobufEncodeBenchmark extends ShortRunBenchmark {

    @Param({"120", "4096"})
    public int size;

    private Event event;
    private ProtobufEncoder<Event> encoder;

    @Setup
    public void setUp() {
        event = Events.event(12_345, 1_000, size, 0);
        encoder = ProtobufEncoder.valueOnly();
    }

    @Benchmark
    public ByteBuffer jetwayEncoder() {
        return encoder.encodeValue(event);
    }

    @Benchmark
    public ByteBuffer toByteArrayWrap() {
        return ByteBuffer.wrap(event.toByteArray());
    }
}
