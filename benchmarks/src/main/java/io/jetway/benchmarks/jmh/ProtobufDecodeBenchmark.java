package io.jetway.benchmarks.jmh;

import com.google.protobuf.InvalidProtocolBufferException;
import io.jetway.benchmarks.Events;
import io.jetway.benchmarks.proto.Event;
import io.jetway.protobuf.decode.ProtobufDecodeOptions;
import io.jetway.protobuf.decode.ProtobufDecoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

import java.nio.ByteBuffer;

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
public class ProtobufDecodeBenchmark extends ShortRunBenchmark {

    @Param({"64", "4096"})
    public int size;

    @Param({"heap", "direct"})
    public String buffer;

    private ByteBuffer view;
    private ProtobufDecoder<Event> aliasing;
    private ProtobufDecoder<Event> copying;

    @Setup
    public void setUp() {
        view = fetchView(Events.bytes(12_345, 1_000, size, 0), buffer);
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
