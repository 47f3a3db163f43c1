package io.jetway.benchmarks.jmh;

import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.core.EventTimePolicy;
import com.hazelcast.jet.core.test.TestProcessorContext;
import io.jetway.KafkaSourceConfig;
import io.jetway.benchmarks.Events;
import io.jetway.benchmarks.proto.Event;
import io.jetway.codec.Utf8StringDecoder;
import io.jetway.internal.kafka.KafkaZeroCopySourceP;
import io.jetway.internal.kafka.PartitionOwnership;
import io.jetway.internal.kafka.TopicLayout;
import io.jetway.internal.snapshot.RestoreAudit;
import io.jetway.protobuf.decode.ProtobufDecoder;
import io.jetway.spi.codec.RecordDecoder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Kafka source's per-record work: walk a polled batch, decode each record from its
 * {@code ByteBuffer} view, emit the item, advance the offset. The batch is pre-built (500 records of
 * 100 B over 4 partitions, views into one heap buffer as the consumer's fetch buffer would be), so
 * Kafka's own per-record cost ({@code ConsumerRecord}, about 100 B allocated by the consumer per record)
 * is not included: this measures only what Jetway adds.
 * <p>
 * {@code decoder=constant} returns one shared item: its {@code gc.alloc.rate.norm} is what the source
 * itself allocates per record (target: ~0 B). {@code decoder=utf8-string} adds the decoded {@code String};
 * {@code decoder=protobuf} parses each value (then Protobuf events of about 120 B) with
 * {@code ProtobufDecoder}, the real data path. {@code decodeOnly} runs the same decoder over the same
 * records without the source, so {@code pollDecodeEmit - decodeOnly} is the source's own share, in time and
 * in bytes.
 * <pre>java -jar benchmarks/target/benchmarks.jar SourceHotPath -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-modules", "java.se",
        "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
        "-Dhazelcast.phone.home.enabled=false"})
public class SourceHotPathBenchmark {

    static final int BATCH = 500;
    private static final int PARTITIONS = 4;
    private static final int VALUE_BYTES = 100;
    private static final int EVENT_BYTES = 120;
    private static final String TOPIC = "bench";
    private static final Object SHARED_ITEM = new Object();

    @Param({"constant", "utf8-string", "protobuf"})
    public String decoder;

    private KafkaZeroCopySourceP<Object> processor;
    private RecordDecoder<Object> standaloneDecoder;
    private List<ConsumerRecord<ByteBuffer, ByteBuffer>> records;

    @Setup
    public void setUp(Blackhole blackhole) throws Exception {
        ConsumerRecords<ByteBuffer, ByteBuffer> batch = batch(decoder.equals("protobuf"));
        records = new ArrayList<>();
        batch.forEach(records::add);
        standaloneDecoder = decoder(decoder);
        KafkaSourceConfig config = KafkaSourceConfig.builder("127.0.0.1:9").topics(TOPIC).build();
        processor = new KafkaZeroCopySourceP<>(config, decoder(decoder), EventTimePolicy.noEventTime(),
                () -> LAYOUT, Map.of(), props -> new ReplayingConsumer(batch));
        processor.init(new DiscardingOutbox(blackhole), new TestProcessorContext()
                .setJobConfig(new JobConfig().setName("bench")
                        // restored from no snapshot at all: allowed only for a vertex named a new one
                        .setArgument(RestoreAudit.NEW_VERTICES_ARGUMENT, "bench-source"))
                .setVertexName("bench-source").setTotalParallelism(1).setGlobalProcessorIndex(0)
                .setLocalParallelism(1).setLocalProcessorIndex(0));
        processor.finishSnapshotRestore();  // positions the replaying consumer like a restored job
        if (PartitionOwnership.owner(TOPIC, 0, 1) != 0) {
            throw new IllegalStateException("parallelism 1 must own every partition");
        }
    }

    private static final TopicLayout LAYOUT = new TopicLayout(Map.of(TOPIC, PARTITIONS));

    /** One {@code complete()} = one poll = {@value #BATCH} records decoded and emitted. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public boolean pollDecodeEmit() {
        return processor.complete();
    }

    /** The decoder alone over the same {@value #BATCH} records: the decode share of {@link #pollDecodeEmit()}. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void decodeOnly(Blackhole blackhole) throws Exception {
        final List<ConsumerRecord<ByteBuffer, ByteBuffer>> batch = records;
        final RecordDecoder<Object> d = standaloneDecoder;
        for (int i = 0, n = batch.size(); i < n; i++) {
            final ConsumerRecord<ByteBuffer, ByteBuffer> r = batch.get(i);
            blackhole.consume(d.decode(r.key(), r.value(), null));
        }
    }

    @TearDown
    public void tearDown() throws Exception {
        processor.close();
    }

    @SuppressWarnings("unchecked")
    private static RecordDecoder<Object> decoder(String name) {
        switch (name) {
            case "constant":
                return (key, value, ctx) -> SHARED_ITEM;
            case "utf8-string":
                return (RecordDecoder<Object>) (RecordDecoder<?>) new Utf8StringDecoder();
            case "protobuf":
                return (RecordDecoder<Object>) (RecordDecoder<?>) ProtobufDecoder.of(Event.class);
            default:
                throw new IllegalArgumentException("unknown decoder " + name);
        }
    }

    /**
     * 500 records over 4 partitions whose values are views into one fetch-like heap buffer: 100 letters each,
     * or with {@code protobuf} the benchmarks' events of about {@value #EVENT_BYTES} bytes.
     */
    static ConsumerRecords<ByteBuffer, ByteBuffer> batch(boolean protobuf) {
        byte[][] values = new byte[BATCH][];
        int total = 0;
        for (int i = 0; i < BATCH; i++) {
            if (protobuf) {
                values[i] = Events.bytes(i, 100, EVENT_BYTES, 0);
            } else {
                values[i] = new byte[VALUE_BYTES];
                for (int b = 0; b < VALUE_BYTES; b++) {
                    values[i][b] = (byte) ('a' + (i * VALUE_BYTES + b) % 26);
                }
            }
            total += values[i].length;
        }
        ByteBuffer fetch = ByteBuffer.allocate(total);
        Map<TopicPartition, List<ConsumerRecord<ByteBuffer, ByteBuffer>>> byPartition = new HashMap<>();
        int at = 0;
        for (int i = 0; i < BATCH; i++) {
            int partition = i % PARTITIONS;
            fetch.put(at, values[i]);
            ByteBuffer value = fetch.duplicate().position(at).limit(at + values[i].length).slice();
            at += values[i].length;
            byPartition.computeIfAbsent(new TopicPartition(TOPIC, partition), tp -> new ArrayList<>())
                       .add(new ConsumerRecord<>(TOPIC, partition, i / PARTITIONS, 1_000L + i, TimestampType.CREATE_TIME,
                               0, values[i].length, null, value, new RecordHeaders(), Optional.empty()));
        }
        return new ConsumerRecords<>(byPartition, Map.of());
    }
}
