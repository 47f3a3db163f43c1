package io.jetway.internal.kafka.sink;

import static java.util.Objects.requireNonNull;

/**
 * One acknowledged record of a prepared transaction: after a restart, whether it is readable
 * {@code read_committed} tells whether the whole transaction was committed or aborted, which the
 * coordinator no longer says once the transaction ended. Written into the snapshot field by field by
 * {@link SinkSnapshotEntry}.
 *
 * @param topic     the record's topic
 * @param partition its partition
 * @param offset    its offset
 */
record CommitWitness(String topic, int partition, long offset) {

    CommitWitness {
        requireNonNull(topic, "topic cannot be null");
    }

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
