package io.jetway.benchmarks.jmh;

import com.hazelcast.config.Config;
import com.hazelcast.config.SerializerConfig;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.jet.impl.util.Util;
import io.jetway.benchmarks.Events;
import io.jetway.benchmarks.proto.Event;
import io.jetway.protobuf.serialization.ProtobufSerialization;
import io.jetway.testing.HazelcastCluster;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Hazelcast serialization of one {@link Event} both ways ({@code toData}, {@code toObject}) through a
 * member's serialization service, as an IMap put or get does it, with the serializer under test registered:
 * <ul>
 *     <li>{@code jetway-stream}: {@code ProtobufStreamSerializer} (wire bytes written once, no array);</li>
 *     <li>{@code bytearray-stream}: the baseline, {@code writeByteArray(toByteArray())} /
 *     {@code parseFrom(readByteArray())};</li>
 *     <li>{@code jetway-compact}: {@code ProtobufCompactSerializer} (field by field, SQL-queryable).</li>
 * </ul>
 * {@code Data} and its array are Hazelcast's per-call allocation in every case.
 * <pre>java -jar benchmarks/target/benchmarks.jar ProtobufSerializer -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-modules", "java.se",
        "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/java.nio=ALL-UNNAMED",
        "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens", "java.management/sun.management=ALL-UNNAMED",
        "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
        "-Dhazelcast.phone.home.enabled=false", "-Dhazelcast.logging.type=log4j2"})
public class ProtobufSerializerBenchmark {

    @Param({"jetway-stream", "bytearray-stream", "jetway-compact"})
    public String serializer;

    private HazelcastCluster cluster;
    private InternalSerializationService serialization;
    private Event event;
    private Data data;

    @Setup
    public void setUp() {
        cluster = HazelcastCluster.start(1, this::register);
        serialization = (InternalSerializationService) Util.getNodeEngine(cluster.member(0)).getSerializationService();
        event = Events.event(12_345, 1_000, 120, 0);
        data = serialization.toData(event);
        Event back = serialization.toObject(data);
        if (!back.equals(event)) {
            throw new IllegalStateException(serializer + " does not round-trip: " + back);
        }
    }

    private void register(Config config) {
        switch (serializer) {
            case "jetway-stream" -> ProtobufSerialization.register(config.getSerializationConfig(), Event.class);
            case "bytearray-stream" -> config.getSerializationConfig().addSerializerConfig(new SerializerConfig()
                    .setTypeClass(Event.class).setImplementation(new ByteArrayProtobufSerializer()));
            case "jetway-compact" -> ProtobufSerialization.registerCompact(config.getSerializationConfig(), Event.class);
            default -> throw new IllegalArgumentException("unknown serializer " + serializer);
        }
    }

    @Benchmark
    public Data toData() {
        return serialization.toData(event);
    }

    @Benchmark
    public Event toObject() {
        return serialization.toObject(data);
    }

    @TearDown
    public void tearDown() {
        cluster.close();
    }
}
