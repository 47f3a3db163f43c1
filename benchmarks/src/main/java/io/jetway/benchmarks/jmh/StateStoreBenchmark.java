package io.jetway.benchmarks.jmh;

import io.jetway.internal.state.HeapStateBackend;
import io.jetway.spi.state.KeyedStateStore;
import io.jetway.spi.state.StateBackend;
import io.jetway.spi.tck.FakeStateBackendContext;
import io.jetway.state.changelog.KafkaChangelogStateBackendFactory;
import io.jetway.testing.KafkaBrokerProcess;
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

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A keyed state store's {@code get} and {@code put} with {@value #KEYS} {@code Long} keys and values:
 * <ul>
 *     <li>{@code heap}: the heap backend's {@code HashMap} store;</li>
 *     <li>{@code kafka-changelog}: the changelog backend's store (its off-heap map is package-private, so it
 *     is measured through the SPI, which is what a job uses): {@code get} serializes the key and reads the
 *     off-heap map; {@code put} also appends the change to the changelog topic on a broker in a child JVM
 *     (at-least-once, so one idempotent producer: the producer's throughput bounds it, and the send's
 *     {@code ProducerRecord} and batching are part of its allocation).</li>
 * </ul>
 * Keys and values are pre-boxed; the serde allocates its {@code byte[]}s per call as the SPI requires.
 * <pre>java -jar benchmarks/target/benchmarks.jar StateStore -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-modules", "java.se",
        "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED", "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/java.nio=ALL-UNNAMED",
        "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
        "-Dchronicle.analytics.disable=true", "-Dchronicle.announcer.disable=true",
        "-Dhazelcast.phone.home.enabled=false"})
public class StateStoreBenchmark {

    static final int KEYS = 1 << 17;

    @Param({"heap", "kafka-changelog"})
    public String backend;

    private KafkaBrokerProcess broker;
    private StateBackend<Long, Long> state;
    private KeyedStateStore<Long, Long> store;
    private final Long[] keys = new Long[KEYS];
    private final Long[] values = new Long[KEYS];
    private int next;

    @Setup
    public void setUp() throws Exception {
        for (int i = 0; i < KEYS; i++) {
            keys[i] = (long) i * 0x9E37_79B9L;
            values[i] = 1_000_000L + i;
        }
        if (backend.equals("heap")) {
            state = new HeapStateBackend<>(new int[]{0}, 1);
        } else {
            broker = KafkaBrokerProcess.start();
            LongSerde serde = new LongSerde();
            // one processor owning state partition 0 of 1, outside a job
            state = new KafkaChangelogStateBackendFactory().create(FakeStateBackendContext.builder(serde, serde)
                    .jobName("jmh-state").exactlyOnce(false)
                    .options(Map.of("bootstrap.servers", broker.bootstrapServers(), "topic", "jmh-state-changelog"))
                    .build());
        }
        state.open(false).toCompletableFuture().get(2, TimeUnit.MINUTES);
        store = state.store(0);
        for (int i = 0; i < KEYS; i++) {
            store.put(keys[i], values[i]);
        }
    }

    @Benchmark
    public Long get() {
        int i = next++ & (KEYS - 1);
        return store.get(keys[i]);
    }

    @Benchmark
    public void put() {
        int i = next++ & (KEYS - 1);
        store.put(keys[i], values[i]);
    }

    @TearDown
    public void tearDown() throws Exception {
        state.close();
        if (broker != null) {
            broker.close();
        }
    }
}
