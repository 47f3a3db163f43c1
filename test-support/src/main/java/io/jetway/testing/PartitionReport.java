package io.jetway.testing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeProducersResult.PartitionProducerState;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Explains, for a failed read, where each partition stands: a read_committed reader stops at the last
 * stable offset, which an open (or never completed) transaction holds back.
 */
final class PartitionReport {
    private static final long TIMEOUT_MS = 5_000;

    private PartitionReport() {
    }

    /** One line per partition, or why the details are unavailable; never throws. */
    static String of(Admin admin, Consumer<?, ?> consumer, List<TopicPartition> partitions) {
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResultInfo> highWatermarks = endOffsets(admin, latest,
                    IsolationLevel.READ_UNCOMMITTED);
            Map<TopicPartition, ListOffsetsResultInfo> lastStable = endOffsets(admin, latest,
                    IsolationLevel.READ_COMMITTED);
            Map<TopicPartition, PartitionProducerState> producers = admin.describeProducers(partitions).all()
                    .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            StringBuilder report = new StringBuilder();
            for (TopicPartition partition : partitions) {
                report.append(System.lineSeparator()).append("  ").append(partition)
                        .append(": position ").append(consumer.position(partition))
                        .append(", last stable offset ").append(lastStable.get(partition).offset())
                        .append(", high watermark ").append(highWatermarks.get(partition).offset());
                for (ProducerState producer : producers.get(partition).activeProducers()) {
                    if (producer.currentTransactionStartOffset().isPresent()) {
                        report.append(", open transaction of producer id ").append(producer.producerId())
                                .append(" epoch ").append(producer.producerEpoch()).append(" from offset ")
                                .append(producer.currentTransactionStartOffset().getAsLong());
                    }
                }
            }
            return report.toString();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return System.lineSeparator() + "  (partition details unavailable: " + e + ")";
        }
    }

    private static Map<TopicPartition, ListOffsetsResultInfo> endOffsets(
            Admin admin, Map<TopicPartition, OffsetSpec> latest, IsolationLevel isolation) throws Exception {
        return admin.listOffsets(latest, new ListOffsetsOptions(isolation)).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }
}
