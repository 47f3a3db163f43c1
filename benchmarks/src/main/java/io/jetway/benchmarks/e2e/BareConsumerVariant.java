package io.jetway.benchmarks.e2e;

import io.jetway.benchmarks.proto.Event;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteBufferDeserializer;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The limit on this machine: {@link KafkaConsumer}s with {@link ByteBufferDeserializer} in poll loops
 * ({@link ConsumerLoop}), by default one on one thread. Without decode it checksums each value view
 * ({@code bare-consumer}); with decode it parses each value as an {@link Event} with
 * {@code Event.parseFrom(ByteBuffer)} on the loop's thread ({@code bare-consumer-protobuf}). Kafka's default
 * consumer settings, but for {@code bare-consumer-rcvbuf} and {@code bare-consumer-protobuf-threads}: the socket
 * buffer sized by the OS ({@code receive.buffer.bytes=-1}), as Jetway's source sets it by default. With more than
 * one thread ({@code bare-consumer-protobuf-threads}) each thread has its own consumer, assigned every
 * {@code threads}-th partition; the records, checksums and time from the first to the last record are those of
 * all loops together.
 */
final class BareConsumerVariant implements Variant {

    private final boolean decode;
    private final Map<String, String> extraProperties;
    private final int threads;

    BareConsumerVariant(boolean decode) {
        this(decode, Map.of(), 1);
    }

    /** @param extraProperties consumer properties on top of the loop's own ({@code bare-consumer-rcvbuf}) */
    BareConsumerVariant(boolean decode, Map<String, String> extraProperties) {
        this(decode, extraProperties, 1);
    }

    /** @param threads loops, each on its own thread with its own consumer and a disjoint share of the partitions */
    BareConsumerVariant(boolean decode, Map<String, String> extraProperties, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive: " + threads);
        }
        this.decode = decode;
        this.extraProperties = Map.copyOf(extraProperties);
        this.threads = threads;
    }

    @Override
    public Measurement run(VariantSettings s) throws Exception {
        return Passes.warmUpThenMeasure(s, () -> readAll(s));
    }

    private Measurement readAll(VariantSettings s) throws Exception {
        Map<String, Object> props = new HashMap<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrap(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
        props.putAll(extraProperties);
        List<KafkaConsumer<ByteBuffer, ByteBuffer>> consumers = new ArrayList<>();
        ExecutorService others = threads > 1 ? Executors.newFixedThreadPool(threads - 1) : null;
        try {
            for (int i = 0; i < threads; i++) {
                consumers.add(new KafkaConsumer<>(props, new ByteBufferDeserializer(), new ByteBufferDeserializer()));
            }
            List<List<TopicPartition>> shares = shares(consumers.get(0), s.topic());
            ConsumerLoop.Progress progress = new ConsumerLoop.Progress(s.records());
            List<ConsumerLoop> loops = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                KafkaConsumer<ByteBuffer, ByteBuffer> consumer = consumers.get(i);
                consumer.assign(shares.get(i));
                consumer.seekToBeginning(shares.get(i));
                loops.add(new ConsumerLoop(consumer, decode, progress));
            }
            if (threads > 1) {
                System.err.println(s.variant() + ": " + threads + " threads, partitions " + shares);
            }
            List<Future<ConsumerLoop.Result>> running = new ArrayList<>();
            for (ConsumerLoop loop : loops.subList(1, threads)) {
                running.add(others.submit(loop));
            }
            ConsumerLoop.Result all = loops.get(0).call();     // the first loop on this thread
            for (Future<ConsumerLoop.Result> f : running) {
                all = all.plus(f.get());
            }
            return Measurement.throughput(s.variant(), all.records(), all.checksum(), all.firstNs(), all.lastNs());
        } finally {
            if (others != null) {
                others.shutdownNow();
            }
            for (KafkaConsumer<ByteBuffer, ByteBuffer> consumer : consumers) {
                consumer.close();
            }
        }
    }

    // Partition i of the topic goes to loop i % threads.
    private List<List<TopicPartition>> shares(KafkaConsumer<ByteBuffer, ByteBuffer> consumer, String topic) {
        List<PartitionInfo> infos = new ArrayList<>(consumer.partitionsFor(topic));
        if (infos.size() < threads) {
            throw new IllegalArgumentException(topic + " has " + infos.size() + " partitions, fewer than the "
                    + threads + " threads");
        }
        infos.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
        List<List<TopicPartition>> shares = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            shares.add(new ArrayList<>());
        }
        for (int i = 0; i < infos.size(); i++) {
            shares.get(i % threads).add(new TopicPartition(topic, infos.get(i).partition()));
        }
        return shares;
    }
}
