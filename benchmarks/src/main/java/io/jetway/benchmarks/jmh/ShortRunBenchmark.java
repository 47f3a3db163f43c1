package io.jetway.benchmarks.jmh;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The run settings of the short benchmarks ({@link ProtobufDecodeBenchmark},
 * {@link ProtobufFramedDecodeBenchmark}, {@link ProtobufEncodeBenchmark}, {@link HeldOutputsBenchmark}): one fork
 * with a 1 GB heap, 3 warm-up and 5 measured iterations of 1 s, average time in nanoseconds. JMH reads these
 * annotations from the superclass, so a subclass declares only its {@code @Param}s, {@code @Setup} and
 * {@code @Benchmark}s.
 * It has no fields, so it adds nothing to what the benchmarks measure.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public abstract class ShortRunBenchmark {

    private static final int FETCH_OFFSET = 61;

    /**
     * A copy of {@code bytes} in the middle of a larger heap or direct buffer ({@code buffer} is the
     * benchmark's {@code "heap"} or {@code "direct"} parameter), as a record value is a view into the fetch
     * response that {@code ByteBufferDeserializer} hands over. For {@code @Setup} only: it allocates.
     */
    static ByteBuffer fetchView(byte[] bytes, String buffer) {
        int capacity = FETCH_OFFSET + bytes.length + 100;
        ByteBuffer fetch = buffer.equals("direct") ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
        fetch.put(FETCH_OFFSET, bytes);
        return fetch.duplicate().position(FETCH_OFFSET).limit(FETCH_OFFSET + bytes.length).slice();
    }
}
