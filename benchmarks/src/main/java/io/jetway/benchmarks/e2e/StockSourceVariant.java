package io.jetway.benchmarks.e2e;

import com.hazelcast.jet.Job;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.core.ProcessorMetaSupplier;
import com.hazelcast.jet.kafka.KafkaSources;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.Sinks;
import io.jetway.benchmarks.proto.Event;
import io.jetway.testing.HazelcastCluster;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.util.Properties;

/**
 * Hazelcast's stock {@code KafkaSources.kafka} (hazelcast-jet-kafka) on one member, decoding each value
 * with {@code Event.parseFrom(byte[])} in its projection, as a user of it would, into the same counting
 * sink. Whether its idle strategy is tuned is a system property of this JVM
 * ({@code hazelcast.jet.idle.noncooperative.max.microseconds}), set by the driver for
 * {@code stock-source-tuned}.
 */
final class StockSourceVariant implements Variant {

    private HazelcastCluster cluster;
    private int pass;

    @Override
    public Measurement run(VariantSettings s) throws Exception {
        System.err.println(s.variant() + ": hazelcast.jet.idle.noncooperative.max.microseconds="
                + System.getProperty("hazelcast.jet.idle.noncooperative.max.microseconds", "(default)"));
        cluster = JetRuns.cluster(1);
        return Passes.warmUpThenMeasure(s, () -> readAll(s));
    }

    private Measurement readAll(VariantSettings s) {
        Properties props = new Properties();
        props.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrap());
        props.setProperty(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.setProperty(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Pipeline p = Pipeline.create();
        p.readFrom(KafkaSources.<byte[], byte[], Event>kafka(props, r -> Event.parseFrom(r.value()), s.topic()))
         .withoutTimestamps()
         .writeTo(Sinks.fromProcessor("sink", ProcessorMetaSupplier.of(CountingSinkP::new)));
        CountingSinkP.PROGRESS.reset();
        Job job = cluster.member(0).getJet().newJob(p, new JobConfig().setName(s.variant() + "-" + pass++));
        try {
            JetRuns.awaitCount(job, CountingSinkP.PROGRESS.count::get, s.records(), "records");
        } finally {
            JetRuns.cancel(job);
        }
        return CountingSinkP.PROGRESS.measurement(s.variant());
    }

    @Override
    public void close() {
        if (cluster != null) {
            cluster.close();
        }
    }
}
