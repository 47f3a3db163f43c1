package io.jetway.internal.kafka;

import com.hazelcast.internal.metrics.DynamicMetricsProvider;
import com.hazelcast.internal.metrics.MetricDescriptor;
import com.hazelcast.internal.metrics.MetricsCollectionContext;
import com.hazelcast.internal.metrics.ProbeLevel;
import com.hazelcast.internal.metrics.ProbeUnit;
import org.apache.kafka.common.TopicPartition;

/**
 * Per-partition lag (end offset minus position) of one source processor, published to Jet's metrics
 * with {@code topic} and {@code partition} tags as {@code kafkaPartitionLag}.
 * <p>
 * Written on the processor thread by {@link #update}, read on Jet's metrics thread. The arrays are
 * replaced, never resized in place, and published through a volatile field; a lag value read during
 * an update may be one update old, which is fine for a gauge.
 */
final class PartitionLagGauges implements DynamicMetricsProvider {

    static final String LAG_METRIC = "kafkaPartitionLag";

    private static final class Gauges {
        final TopicPartition[] partitions;
        final long[] lag;

        Gauges(TopicPartition[] partitions) {
            this.partitions = partitions;
            this.lag = new long[partitions.length];
            java.util.Arrays.fill(lag, -1);
        }
    }

    private volatile Gauges gauges = new Gauges(new TopicPartition[0]);

    /** Replaces the partition list (after discovery added partitions); lags start unknown (-1). */
    void resize(TopicPartition[] partitions, int count) {
        gauges = new Gauges(java.util.Arrays.copyOf(partitions, count));
    }

    /** Sets the lag of the partition at {@code slot}; -1 when not known yet. */
    void update(int slot, long lag) {
        Gauges g = gauges;
        if (slot < g.lag.length) {
            g.lag[slot] = lag;
        }
    }

    /** The lag last set for {@code slot}. */
    long lag(int slot) {
        return gauges.lag[slot];
    }

    @Override
    public void provideDynamicMetrics(MetricDescriptor descriptor, MetricsCollectionContext context) {
        Gauges g = gauges;
        for (int i = 0; i < g.partitions.length; i++) {
            MetricDescriptor d = descriptor.copy()
                    .withTag("topic", g.partitions[i].topic())
                    .withTag("partition", Integer.toString(g.partitions[i].partition()));
            context.collect(d, LAG_METRIC, ProbeLevel.INFO, ProbeUnit.COUNT, g.lag[i]);
        }
    }
}
