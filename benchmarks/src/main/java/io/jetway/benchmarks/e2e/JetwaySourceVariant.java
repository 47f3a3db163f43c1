package io.jetway.benchmarks.e2e;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.function.SupplierEx;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.core.DAG;
import com.hazelcast.jet.core.EventTimePolicy;
import com.hazelcast.jet.core.Vertex;
import com.hazelcast.jet.core.processor.Processors;
import io.jetway.JetwaySources;
import io.jetway.KafkaSourceConfig;
import io.jetway.spi.codec.RecordDecoder;
import io.jetway.testing.HazelcastCluster;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import static com.hazelcast.jet.core.Edge.between;

/**
 * Jetway's source on an embedded cluster of {@code members} in this JVM, in a DAG: source (decoder =
 * the value's checksum, as the bare loop computes it) → counting sink on the same member.
 */
final class JetwaySourceVariant implements Variant {

    private final int members;
    private HazelcastCluster cluster;

    JetwaySourceVariant(int members) {
        this.members = members;
    }

    @Override
    public String name() {
        return "jetway-source-" + members + "m";
    }

    @Override
    public Measurement readAll(String bootstrap, String topic, long records) throws Exception {
        if (cluster == null) {
            cluster = HazelcastCluster.start(members);
        }
        HazelcastInstance member = cluster.member(0);
        SupplierEx<RecordDecoder<Long>> checksumDecoder = () -> {
            ValueChecksum crc = new ValueChecksum();
            return (key, value, ctx) -> crc.of(value);
        };
        DAG dag = new DAG();
        Vertex source = dag.newVertex("source", JetwaySources.kafkaP(KafkaSourceConfig.builder(bootstrap).topics(topic)
                .partitionDiscoveryInterval(Duration.ZERO).build(), checksumDecoder, EventTimePolicy.noEventTime()));
        Vertex sink = dag.newVertex("sink", CountingSinkP::new);
        dag.edge(between(source, sink));
        CountingSinkP.PROGRESS.reset();
        Job job = member.getJet().newJob(dag);
        try {
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (CountingSinkP.PROGRESS.count.get() < records) {
                if (System.nanoTime() > deadline || job.getStatus().isTerminal()) {
                    throw new IllegalStateException("job " + job.getStatus() + " after " + CountingSinkP.PROGRESS.count
                            + " of " + records + " records");
                }
                LockSupport.parkNanos(2_000_000);   // a coarse wait: the sink timestamps the records itself
            }
        } finally {
            job.cancel();
        }
        CountingSinkP.Progress p = CountingSinkP.PROGRESS;
        return new Measurement(name(), p.count.get(), p.checksum.get(),
                (p.count.get() - 1) * 1e9 / (p.lastNs.get() - p.firstNs.get()));
    }

    @Override
    public void close() {
        if (cluster != null) {
            cluster.close();
        }
    }
}
