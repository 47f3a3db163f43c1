package io.jetway;

/**
 * Where a Kafka source starts reading a partition that it has no snapshotted offset for.
 * Partitions created while the job runs always start at their beginning, so none of their records is missed.
 */
public enum StartPosition {
    /** The oldest retained record. */
    EARLIEST,
    /** The end of the partition as it was when the job started: only records produced after the start. */
    LATEST
}
