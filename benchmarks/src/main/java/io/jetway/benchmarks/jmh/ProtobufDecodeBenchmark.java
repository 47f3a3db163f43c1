package io.jetway.benchmarks.jmh;

import com.google.protobuf.InvalidProtocolBufferException;
import io.jetway.benchmarks.Events;
import io.jetway.benchmarks.proto.Event;
import io.jetway.protobuf.ProtobufDecodeOptions;
import io.jetway.protobuf.ProtobufDecoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * Decoding one {@link Event} from a record value that is a view into a larger fetch buffer, as Kafka's
 * {@code ByteBufferDeserializer} hands it over ({@code buffer=heap}), or into a direct buffer:
 * <ul>
 *     <li>{@code jetwayAliasing}: {@link ProtobufDecoder} with its defaults (parses in place, {@code bytes}
 *     fields alias the buffer);</li>
 *     <li>{@code jetwayNoAliasing}: the same without aliasing ({@code bytes} fields copied);</li>
 *     <li>{@code copyThenParseFrom}: what a job with {@code ByteArrayDeserializer} does, a copy into a new
 *     {@code byte[]} then {@code Event.parseFrom(byte[])};</li>
 *     <li>{@code parseFromByteBuffer}: the library baseline {@code Event.parseFrom(ByteBuffer)}.</li>
 * </ul>
 * {@code size} is the event's wire size; its {@code bytes} payload makes up most of the 4 KB one.
 * <pre>java -jar benchmarks/target/benchmarks.jar ProtobufDecode -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ProtobufDecodeBenchmark {

    private static final int FETCH_OFFSET = 61;

    @Param({"64", "4096"})
    public int size;

    @Param({"heap", "direct"})
    public String buffer;

    private ByteBuffer view;
    private ProtobufDecoder<Event> aliasing;
    private ProtobufDecoder<Event> copying;

    @Setup
    public void setUp() {
        byte[] bytes = Events.bytes(12_345, 1_000, size, 0);
        int capacity = FETCH_OFFSET + bytes.length + 100;
        ByteBuffer fetch = buffer.equals("direct") ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
        fetch.put(FETCH_OFFSET, bytes);
        view = fetch.duplicate().position(FETCH_OFFSET).limit(FETCH_OFFSET + bytes.length).slice();
        aliasing = ProtobufDecoder.of(Event.class);
        copying = ProtobufDecoder.of(Event.class, ProtobufDecodeOptions.defaults().withoutAliasing());
    }

    @Benchmark
    public Event jetwayAliasing() throws InvalidProtocolBufferException {
        return aliasing.decode(null, view, null);
    }

    @Benchmark
    public Event jetwayNoAliasing() throws InvalidProtocolBufferException {
        return copying.decode(null, view, null);
    }

    @Benchmark
    public Event copyThenParseFrom() throws InvalidProtocolBufferException {
        byte[] copy = new byte[view.remaining()];
        view.get(view.position(), copy);
        return Event.parseFrom(copy);
    }

    @Benchmark
    public Event parseFromByteBuffer() throws InvalidProtocolBufferException {
        return Event.parseFrom(view);
    }
}
