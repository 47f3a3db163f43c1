package io.jetway.internal.kafka;

import com.hazelcast.logging.ILogger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.Map;

/**
 * Commits the offsets of each completed snapshot to the consumer group (when configured), so that standard
 * Kafka lag tools show the job's lag; recovery never reads them back. The offsets are those the snapshot
 * saved, recorded at its phase 1 and committed asynchronously at a successful phase 2; a failed commit is
 * logged only. Processor thread only.
 */
final class GroupOffsetCommits {

    private final boolean enabled;
    private final String groupId;
    private final ILogger logger;
    private final String where;
    private Map<TopicPartition, OffsetAndMetadata> snapshotted;

    /**
     * @param enabled whether to commit at all
     * @param groupId the consumer group, for messages
     */
    GroupOffsetCommits(boolean enabled, String groupId, ILogger logger, String where) {
        this.enabled = enabled;
        this.groupId = groupId;
        this.logger = logger;
        this.where = where;
    }

    /** A new map for the offsets of the snapshot now starting; they are committed if it completes. */
    Map<TopicPartition, OffsetAndMetadata> startSnapshot() {
        snapshotted = new HashMap<>();
        return snapshotted;
    }

    /** Phase 2 of the snapshot: commits its offsets when it succeeded (and there are any). */
    void finishSnapshot(boolean success, Consumer<?, ?> consumer) {
        if (success && enabled && snapshotted != null && !snapshotted.isEmpty()) {
            consumer.commitAsync(snapshotted, (offsets, error) -> {
                if (error != null) {
                    logger.warning(where + ": committing offsets to group '" + groupId
                            + "' for lag tools failed (recovery does not use them): " + error);
                }
            });
        }
        snapshotted = null;
    }
}
