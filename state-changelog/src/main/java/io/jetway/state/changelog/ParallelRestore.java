package io.jetway.state.changelog;

import com.hazelcast.logging.ILogger;
import io.jetway.state.changelog.ChangelogRestorer.PartitionRestore;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteBufferDeserializer;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Reads a processor's changelog partitions back into their off-heap maps: every partition the snapshot covers
 * records of, all at once on up to {@code restore.threads} consumers (a {@link ChangelogRestorer} each),
 * logging progress every 5 s; then fails when a transaction the snapshot relies on left no committed record.
 * Blocking; runs on the opening's coordinator thread, the consumers on its workers.
 */
final class ParallelRestore {

    private static final long PROGRESS_LOG_MS = 5_000;

    private final ChangelogOptions options;
    private final boolean exactlyOnce;
    private final String where;
    private final int processorIndex;
    private final OwnedPartitions owned;
    private final RestoreProgress progress;
    private final Executor workers;
    private final BooleanSupplier closed;
    private final ILogger logger;

    ParallelRestore(ChangelogOptions options, boolean exactlyOnce, String where, int processorIndex,
                    OwnedPartitions owned, RestoreProgress progress, Executor workers, BooleanSupplier closed,
                    ILogger logger) {
        this.options = options;
        this.exactlyOnce = exactlyOnce;
        this.where = where;
        this.processorIndex = processorIndex;
        this.owned = owned;
        this.progress = progress;
        this.workers = workers;
        this.closed = closed;
        this.logger = logger;
    }

    /**
     * Restores the committed records of {@code [baseOffset, lastOffset]} of each entry's partition.
     *
     * @param baseOffsets the first offset of this job's records, by state partition; -1 where it wrote none
     */
    void run(List<ChangelogSnapshotEntry> entries, long[] baseOffsets) throws InterruptedException,
            ExecutionException {
        List<PartitionRestore> partitions = new ArrayList<>();
        long offsets = 0;
        for (ChangelogSnapshotEntry entry : entries) {
            int partition = entry.statePartition();
            long base = baseOffsets[partition];
            if (base < 0 && (entry.lastOffset() >= 0 || !entry.ranges().isEmpty())) {
                throw new IllegalStateException(where + ": the snapshot's entry of changelog partition "
                        + options.topic() + "-" + partition + " has records up to offset " + entry.lastOffset()
                        + " but no base offset (" + entry + "): the entry is damaged; start the job without "
                        + "this snapshot");
            }
            if (base < 0 || (entry.lastOffset() < base && entry.ranges().isEmpty())) {
                continue;   // this job wrote nothing there before the snapshot: nothing to read or to verify
            }
            partitions.add(new PartitionRestore(partition, base, entry.lastOffset(), entry.ranges(),
                    owned.maps()[partition], entry.localSize()));
            offsets += Math.max(0, entry.lastOffset() + 1 - base);
        }
        progress.start(partitions.size(), offsets);
        if (partitions.isEmpty()) {
            progress.finish();
            return;
        }
        int consumers = Math.min(options.restoreThreads(), partitions.size());
        List<List<PartitionRestore>> groups = new ArrayList<>();
        for (int i = 0; i < consumers; i++) {
            groups.add(new ArrayList<>());
        }
        for (int i = 0; i < partitions.size(); i++) {
            groups.get(i % consumers).add(partitions.get(i));
        }
        List<CompletableFuture<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < consumers; i++) {
            List<PartitionRestore> group = groups.get(i);
            String clientId = options.clientId(processorIndex, "restore-" + i);
            tasks.add(CompletableFuture.runAsync(() -> newRestorer().restore(newConsumer(clientId), group), workers));
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(tasks.toArray(CompletableFuture[]::new));
        while (true) {
            try {
                all.get(PROGRESS_LOG_MS, TimeUnit.MILLISECONDS);
                break;
            } catch (TimeoutException e) {
                logger.info(where + ": restoring changelog '" + options.topic() + "': " + progress);
            }
        }
        IllegalStateException notCommitted = ChangelogRestorer.notCommitted(options.topic(), partitions,
                options.transactionTimeoutMs());
        if (notCommitted != null) {
            throw notCommitted;
        }
        progress.finish();
    }

    private ChangelogRestorer newRestorer() {
        return new ChangelogRestorer(options.topic(), exactlyOnce, options.restoreStallTimeoutMs(),
                options.transactionTimeoutMs(), progress, closed, options.restoreHangingCheckMs(),
                new HangingTransactionCheck(options.adminProperties(options.clientId(processorIndex, "restore-check")),
                        logger));
    }

    private KafkaConsumer<ByteBuffer, ByteBuffer> newConsumer(String clientId) {
        return new KafkaConsumer<>(options.consumerProperties(clientId, exactlyOnce), new ByteBufferDeserializer(),
                new ByteBufferDeserializer());
    }
}
