package io.jetway.internal.kafka.sink;

import java.io.Serializable;
import java.util.List;

/**
 * What one sink processor puts in the Jet snapshot at every phase 1, under a broadcast key so that every
 * processor of the restored job sees every entry (each then handles the writers {@code i} with
 * {@code i % newParallelism == itsIndex}, also when the parallelism changed).
 * <pre>
 *   formatVersion       1
 *   writerIndex         global processor index of the writer
 *   writerParallelism   number of sink processors then
 *   writerPoolSize      transactional ids per processor then
 *   generation          0 at a fresh start, +1 at every restore: the parity of the transactional ids
 *   epoch               the writer's snapshot sequence; a restored processor continues after the highest
 *   prepared            the writer's transactions prepared and not committed yet, oldest first
 * </pre>
 */
record SinkSnapshotEntry(int formatVersion, int writerIndex, int writerParallelism, int writerPoolSize,
                         int generation, long epoch, List<SinkTransaction> prepared) implements Serializable {

    static final int FORMAT_VERSION = 1;

    private static final long serialVersionUID = 1L;

    SinkSnapshotEntry {
        prepared = List.copyOf(prepared);
    }
}
