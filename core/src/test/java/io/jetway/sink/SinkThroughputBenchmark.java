package io.jetway.sink;

import com.hazelcast.jet.Job;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.config.ProcessingGuarantee;
import com.hazelcast.jet.pipeline.Pipeline;
import io.jetway.JetwaySinks;
import io.jetway.JetwaySources;
import io.jetway.KafkaSinkConfig;
import io.jetway.KafkaSourceConfig;
import io.jetway.codec.RecordDecoders;
import io.jetway.spi.codec.RecordEncoder;
import io.jetway.testing.HazelcastCluster;
import io.jetway.testing.KafkaBrokerProcess;
import io.jetway.testing.KafkaTestData;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Throughput of the Kafka sink exactly-once vs at-least-once at a 1 s snapshot interval, in one run (a
 * harness for the benchmarks module to integrate; not in CI):
 * {@code mvn test -pl core -Dtest=SinkThroughputBenchmark -Djetway.bench=true [-Djetway.bench.records=N]}.
 * <p>
 * The broker runs in a child JVM, one Jet member in this JVM. The input ({@code records} values of 100 random
 * bytes, 4 partitions) is produced once; then, alternating the order, each mode runs {@code rounds} jobs
 * Kafka source → Jetway sink (4 partitions, a fresh topic each), timed from submission until a
 * {@code read_committed} consumer has read every record (the same consumer for both modes, so that the
 * figure is what a downstream reader sees). Prints each run, the medians and their ratio.
 */
@EnabledIfSystemProperty(named = "jetway.bench", matches = "true")
class SinkThroughputBenchmark {

    private static final int PARTITIONS = 4;
    private static final int VALUE_BYTES = 100;

    @Test
    void shouldMeasureExactlyOnceAgainstAtLeastOnce() {
        int records = Integer.getInteger("jetway.bench.records", 2_000_000);
        int rounds = Integer.getInteger("jetway.bench.rounds", 3);
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start();
             HazelcastCluster cluster = HazelcastCluster.start(1)) {
            String input = KafkaTestData.uniqueTopic("bench-in");
            broker.createTopic(input, PARTITIONS);
            produce(broker, input, records);
            List<Double> exactlyOnce = new ArrayList<>();
            List<Double> atLeastOnce = new ArrayList<>();
            List<Double> alignedOnly = new ArrayList<>();
            run(broker, cluster, input, records, ProcessingGuarantee.AT_LEAST_ONCE, true, "warm-up");
            for (int round = 0; round < rounds; round++) {
                boolean eosFirst = round % 2 == 0;
                for (ProcessingGuarantee guarantee : eosFirst
                        ? List.of(ProcessingGuarantee.EXACTLY_ONCE, ProcessingGuarantee.AT_LEAST_ONCE)
                        : List.of(ProcessingGuarantee.AT_LEAST_ONCE, ProcessingGuarantee.EXACTLY_ONCE)) {
                    double rate = run(broker, cluster, input, records, guarantee, true, "round " + round);
                    (guarantee == ProcessingGuarantee.EXACTLY_ONCE ? exactlyOnce : atLeastOnce).add(rate);
                }
                alignedOnly.add(run(broker, cluster, input, records, ProcessingGuarantee.EXACTLY_ONCE, false,
                        "round " + round + " (exactly-once job, sink without transactions)"));
            }
            double eos = median(exactlyOnce);
            double alo = median(atLeastOnce);
            System.out.printf("SINK THROUGHPUT %,d records of %d B, 1 s snapshots: exactly-once %,.0f rec/s %s, "
                            + "at-least-once %,.0f rec/s %s, ratio %.3f%n", records, VALUE_BYTES, eos, exactlyOnce,
                    alo, atLeastOnce, eos / alo);
            System.out.printf("SINK THROUGHPUT exactly-once job with a non-transactional sink (Jet's barrier "
                    + "alignment only): %,.0f rec/s %s%n", median(alignedOnly), alignedOnly);
            assertThat(eos).isPositive();
        }
    }

    private static double run(KafkaBrokerProcess broker, HazelcastCluster cluster, String input, int records,
                              ProcessingGuarantee guarantee, boolean transactional, String label) {
        String output = KafkaTestData.uniqueTopic("bench-out");
        broker.createTopic(output, PARTITIONS);
        Pipeline pipeline = Pipeline.create();
        pipeline.readFrom(JetwaySources.kafka(KafkaSourceConfig.builder(broker.bootstrapServers()).topics(input)
                                                               .build(), RecordDecoders.byteArray()))
                .withoutTimestamps()
                .writeTo(JetwaySinks.kafka(KafkaSinkConfig.builder(broker.bootstrapServers()).topic(output)
                                                          .exactlyOnce(transactional).build(), BytesEncoder::new));
        try (KafkaConsumer<byte[], byte[]> consumer = committedReader(broker, output)) {
            long startNs = System.nanoTime();
            Job job = cluster.member(0).getJet().newJob(pipeline, new JobConfig().setName(output)
                    .setProcessingGuarantee(guarantee).setSnapshotIntervalMillis(1_000));
            long read = 0;
            long tenthNs = 0;
            long ninetiethNs = 0;
            long deadlineNs = startNs + Duration.ofMinutes(5).toNanos();
            while (read < records) {
                read += consumer.poll(Duration.ofMillis(50)).count();
                if (tenthNs == 0 && read >= records / 10) {
                    tenthNs = System.nanoTime();
                }
                if (ninetiethNs == 0 && read >= records * 9L / 10) {
                    ninetiethNs = System.nanoTime();
                }
                if (System.nanoTime() - deadlineNs > 0) {
                    throw new AssertionError(label + " " + guarantee + ": only " + read + " of " + records + " read");
                }
            }
            double seconds = (System.nanoTime() - startNs) / 1e9;
            job.cancel();
            double rate = records / seconds;
            double steady = records * 0.8 / ((ninetiethNs - tenthNs) / 1e9);
            System.out.printf("SINK THROUGHPUT %s %s: %,d records in %.2f s = %,.0f rec/s (10-90 %%: %,.0f rec/s)%n",
                    label, guarantee, records, seconds, rate, steady);
            return rate;
        }
    }

    private static KafkaConsumer<byte[], byte[]> committedReader(KafkaBrokerProcess broker, String topic) {
        Map<String, Object> props = broker.consumerProps();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props);
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    private static void produce(KafkaBrokerProcess broker, String topic, int records) {
        Map<String, Object> props = broker.producerProps();
        props.put("linger.ms", "20");
        props.put("batch.size", "262144");
        Random random = new Random(1);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < records; i++) {
                byte[] value = new byte[VALUE_BYTES];
                random.nextBytes(value);
                producer.send(new ProducerRecord<>(topic, i % PARTITIONS, null, value));
            }
            producer.flush();
        }
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The value as it is; no key. */
    static final class BytesEncoder implements RecordEncoder<byte[]> {
        @Override
        public ByteBuffer encodeKey(byte[] item) {
            return null;
        }

        @Override
        public ByteBuffer encodeValue(byte[] item) {
            return ByteBuffer.wrap(item);
        }
    }
}
