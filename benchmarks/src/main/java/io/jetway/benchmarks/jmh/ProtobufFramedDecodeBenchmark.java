package io.jetway.benchmarks.jmh;

import com.google.protobuf.InvalidProtocolBufferException;
import io.jetway.benchmarks.Events;
import io.jetway.benchmarks.proto.Event;
import io.jetway.protobuf.decode.ProtobufDecodeOptions;
import io.jetway.protobuf.decode.ProtobufDecoder;
import io.jetway.protobuf.encode.ProtobufEncoder;
import io.jetway.protobuf.registry.SchemaRegistryFraming;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

import java.nio.ByteBuffer;

/**
 * What the schema-registry header costs: decoding one {@link Event} written by a registry serializer (magic
 * byte, schema id, message-index path, then the message) against decoding the same event written bare, each
 * from a view into a larger fetch buffer as in {@link ProtobufDecodeBenchmark}:
 * <ul>
 *     <li>{@code unframed}: {@link ProtobufDecoder} with its defaults on the bare event (the reference);</li>
 *     <li>{@code framed}: the same decoder with {@code schemaRegistryFraming()} (any schema id) on the framed
 *     event;</li>
 *     <li>{@code framedCheckedIds}: as {@code framed}, accepting only three schema ids (a sorted {@code int[]}).</li>
 * </ul>
 * {@code path=first} is the path [0] as the single byte 0 (the common case, and a fast path in the decoder);
 * {@code path=nested} the path [1, 2] in full (count and two varints), expected through
 * {@code SchemaRegistryFraming.messageIndexes(1, 2)}. The target is framed within 5 % of unframed;
 * {@code -prof gc} should show the same {@code gc.alloc.rate.norm} for all three (the header adds no allocation).
 * <pre>java -jar benchmarks/target/benchmarks.jar ProtobufFramedDecode -prof gc</pre>
 */
public class ProtobufFramedDecodeBenchmark extends ShortRunBenchmark {

    private static final long SCHEMA_ID = 16_777_217;

    @Param({"64", "4096"})
    public int size;

    @Param({"heap", "direct"})
    public String buffer;

    @Param({"first", "nested"})
    public String path;

    private ByteBuffer bareView;
    private ByteBuffer framedView;
    private ProtobufDecoder<Event> bare;
    private ProtobufDecoder<Event> framed;
    private ProtobufDecoder<Event> framedCheckedIds;

    @Setup
    public void setUp() {
        Event event = Events.event(12_345, 1_000, size, 0);
        int[] indexes = path.equals("nested") ? new int[]{1, 2} : new int[]{0};
        byte[] framedBytes = ProtobufEncoder.<Event>valueOnly().withSchemaRegistryFraming(SCHEMA_ID, indexes)
                .encodeValue(event).array();
        bareView = fetchView(event.toByteArray(), buffer);
        framedView = fetchView(framedBytes, buffer);
        bare = ProtobufDecoder.of(Event.class);
        framed = ProtobufDecoder.of(Event.class, ProtobufDecodeOptions.defaults()
                .schemaRegistryFraming(SchemaRegistryFraming.anySchemaId().messageIndexes(indexes)));
        framedCheckedIds = ProtobufDecoder.of(Event.class, ProtobufDecodeOptions.defaults().schemaRegistryFraming(
                SchemaRegistryFraming.schemaIds(7, SCHEMA_ID, 3_000_000_000L).messageIndexes(indexes)));
    }

    @Benchmark
    public Event unframed() throws InvalidProtocolBufferException {
        return bare.decode(null, bareView, null);
    }

    @Benchmark
    public Event framed() throws InvalidProtocolBufferException {
        return framed.decode(null, framedView, null);
    }

    @Benchmark
    public Event framedCheckedIds() throws InvalidProtocolBufferException {
        return framedCheckedIds.decode(null, framedView, null);
    }
}
