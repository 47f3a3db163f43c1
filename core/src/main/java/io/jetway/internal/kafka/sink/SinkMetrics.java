package io.jetway.internal.kafka.sink;

import com.hazelcast.internal.metrics.DynamicMetricsProvider;
import com.hazelcast.internal.metrics.MetricDescriptor;
import com.hazelcast.internal.metrics.MetricsCollectionContext;
import com.hazelcast.internal.metrics.ProbeLevel;
import com.hazelcast.internal.metrics.ProbeUnit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The metrics of one Kafka sink processor, published through Jet's metrics (JMX, Management Center,
 * {@code Job.getMetrics()}):
 * <ul>
 *     <li>{@code kafkaRecordsOut}: records handed to the producer;</li>
 *     <li>{@code kafkaTransactionsCommitted}: transactions committed in snapshot phase 2 (exactly-once).</li>
 * </ul>
 * Single writer (the processor thread) with opaque stores; Jet's metrics thread reads.
 */
final class SinkMetrics implements DynamicMetricsProvider {

    static final String RECORDS_OUT = "kafkaRecordsOut";
    static final String TRANSACTIONS_COMMITTED = "kafkaTransactionsCommitted";

    private static final VarHandle RECORDS;
    private static final VarHandle COMMITTED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            RECORDS = lookup.findVarHandle(SinkMetrics.class, "recordsOut", long.class);
            COMMITTED = lookup.findVarHandle(SinkMetrics.class, "transactionsCommitted", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // written through RECORDS
    private long recordsOut;
    @SuppressWarnings("unused") // written through COMMITTED
    private long transactionsCommitted;

    /** Adds records sent; processor thread only. */
    void sent(long records) {
        RECORDS.setOpaque(this, (long) RECORDS.getOpaque(this) + records);
    }

    /** Adds committed transactions; processor thread only. */
    void committed(long transactions) {
        COMMITTED.setOpaque(this, (long) COMMITTED.getOpaque(this) + transactions);
    }

    @Override
    public void provideDynamicMetrics(MetricDescriptor descriptor, MetricsCollectionContext context) {
        context.collect(descriptor, RECORDS_OUT, ProbeLevel.INFO, ProbeUnit.COUNT, (long) RECORDS.getOpaque(this));
        context.collect(descriptor, TRANSACTIONS_COMMITTED, ProbeLevel.INFO, ProbeUnit.COUNT,
                (long) COMMITTED.getOpaque(this));
    }
}
