package io.jetway.internal.kafka;

import com.hazelcast.internal.metrics.DynamicMetricsProvider;
import com.hazelcast.internal.metrics.MetricDescriptor;
import com.hazelcast.internal.metrics.MetricsCollectionContext;
import com.hazelcast.internal.metrics.ProbeLevel;
import com.hazelcast.internal.metrics.ProbeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * The metrics of one Kafka source processor, published through Jet's metrics (JMX, Management Center,
 * {@code Job.getMetrics()}), tagged like the processor:
 * <ul>
 *     <li>{@code kafkaRecordsIn}, {@code kafkaBytesIn}: records and key+value bytes read;</li>
 *     <li>{@code kafkaDecodeErrors}: records the decoder failed on;</li>
 *     <li>{@code kafkaDeadLetters}: of those, the ones written to the dead-letter topic;</li>
 *     <li>{@code kafkaPartitionLag}: end offset minus position, per partition, with {@code topic} and
 *     {@code partition} tags (-1 until the consumer knows it).</li>
 * </ul>
 * Single writer: only the processor thread writes, with opaque stores (no fence on the hot path); Jet's
 * metrics thread reads. Partition arrays are replaced, never resized in place, and published through a
 * volatile field; a value read during an update may be one update old, which is fine for metrics.
 */
final class SourceMetrics implements DynamicMetricsProvider {

    static final String RECORDS_IN = "kafkaRecordsIn";
    static final String BYTES_IN = "kafkaBytesIn";
    static final String DECODE_ERRORS = "kafkaDecodeErrors";
    static final String DEAD_LETTERS = "kafkaDeadLetters";
    static final String PARTITION_LAG = "kafkaPartitionLag";

    private static final long LAG_UPDATE_INTERVAL_NS = 1_000_000_000L;

    private static final VarHandle RECORDS;
    private static final VarHandle BYTES;
    private static final VarHandle ERRORS;
    private static final VarHandle DEAD;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            RECORDS = lookup.findVarHandle(SourceMetrics.class, "recordsIn", long.class);
            BYTES = lookup.findVarHandle(SourceMetrics.class, "bytesIn", long.class);
            ERRORS = lookup.findVarHandle(SourceMetrics.class, "decodeErrors", long.class);
            DEAD = lookup.findVarHandle(SourceMetrics.class, "deadLetters", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final class PartitionGauges {
        final TopicPartition[] partitions;
        final long[] lag;

        PartitionGauges(TopicPartition[] partitions) {
            this.partitions = partitions;
            this.lag = new long[partitions.length];
            Arrays.fill(lag, -1);
        }
    }

    @SuppressWarnings("unused") // written through RECORDS
    private long recordsIn;
    @SuppressWarnings("unused") // written through BYTES
    private long bytesIn;
    @SuppressWarnings("unused") // written through ERRORS
    private long decodeErrors;
    @SuppressWarnings("unused") // written through DEAD
    private long deadLetters;
    private volatile PartitionGauges gauges = new PartitionGauges(new TopicPartition[0]);
    private long nextLagUpdateNs;

    /** Adds a batch's records and bytes; processor thread only. */
    void addRead(long records, long bytes) {
        RECORDS.setOpaque(this, (long) RECORDS.getOpaque(this) + records);
        BYTES.setOpaque(this, (long) BYTES.getOpaque(this) + bytes);
    }

    /** Counts one decode failure; processor thread only. */
    void addDecodeError() {
        ERRORS.setOpaque(this, (long) ERRORS.getOpaque(this) + 1);
    }

    /** Counts one record written to the dead-letter topic; processor thread only. */
    void addDeadLetter() {
        DEAD.setOpaque(this, (long) DEAD.getOpaque(this) + 1);
    }

    /** Replaces the partition list (after discovery added partitions), by slot; lags start unknown (-1). */
    void partitions(List<TopicPartition> partitions) {
        gauges = new PartitionGauges(partitions.toArray(new TopicPartition[0]));
    }

    /** Sets the lag of the partition at {@code slot}; -1 when not known yet. */
    void lag(int slot, long lag) {
        PartitionGauges g = gauges;
        if (slot < g.lag.length) {
            g.lag[slot] = lag;
        }
    }

    /**
     * At most once a second, sets every slot's lag from what {@code consumer} knows (no I/O); processor thread
     * only, after a poll.
     */
    void updateLagIfDue(Consumer<?, ?> consumer, PartitionSlots slots) {
        long now = System.nanoTime();
        if (now - nextLagUpdateNs < 0) {
            return;
        }
        nextLagUpdateNs = now + LAG_UPDATE_INTERVAL_NS;
        for (int slot = 0; slot < slots.count(); slot++) {
            OptionalLong lag = consumer.currentLag(slots.partition(slot));
            lag(slot, lag.isPresent() ? lag.getAsLong() : -1);
        }
    }

    @Override
    public void provideDynamicMetrics(MetricDescriptor descriptor, MetricsCollectionContext context) {
        context.collect(descriptor, RECORDS_IN, ProbeLevel.INFO, ProbeUnit.COUNT, (long) RECORDS.getOpaque(this));
        context.collect(descriptor, BYTES_IN, ProbeLevel.INFO, ProbeUnit.BYTES, (long) BYTES.getOpaque(this));
        context.collect(descriptor, DECODE_ERRORS, ProbeLevel.INFO, ProbeUnit.COUNT, (long) ERRORS.getOpaque(this));
        context.collect(descriptor, DEAD_LETTERS, ProbeLevel.INFO, ProbeUnit.COUNT, (long) DEAD.getOpaque(this));
        PartitionGauges g = gauges;
        for (int i = 0; i < g.partitions.length; i++) {
            MetricDescriptor d = descriptor.copy()
                    .withTag("topic", g.partitions[i].topic())
                    .withTag("partition", Integer.toString(g.partitions[i].partition()));
            context.collect(d, PARTITION_LAG, ProbeLevel.INFO, ProbeUnit.COUNT, g.lag[i]);
        }
    }
}
