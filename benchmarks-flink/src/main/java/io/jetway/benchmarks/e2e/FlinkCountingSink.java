package io.jetway.benchmarks.e2e;

import io.jetway.benchmarks.Checksums;
import io.jetway.benchmarks.proto.Event;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.api.java.tuple.Tuple2;

import java.io.Serializable;

/**
 * The Flink peer of {@link CountingSinkP}: a sink that counts its items and adds up their checksums
 * ({@link Check}), publishing to {@link #PROGRESS} its first item, then every {@value #PUBLISH_EVERY} items and at
 * every flush (each checkpoint and the end of a bounded input), with the time of publication. One job at a time
 * per JVM.
 *
 * @param <T> {@link Event}s ({@link #events()}) or {@code (key, running count)} pairs ({@link #counts()})
 */
final class FlinkCountingSink<T> implements Sink<T> {

    /** What the writers of this JVM have counted since the last reset. */
    static final FlinkProgress PROGRESS = new FlinkProgress();

    private static final long serialVersionUID = 1L;
    private static final int PUBLISH_EVERY = 1024;

    /** The checksum of one item. */
    @FunctionalInterface
    interface Checksum<T> extends Serializable {
        long of(T item);
    }

    private final Checksum<T> checksum;

    private FlinkCountingSink(Checksum<T> checksum) {
        this.checksum = checksum;
    }

    /** Sums {@code mix(seq)} of the events ({@link Check#EVENT_SEQ}). */
    static FlinkCountingSink<Event> events() {
        return new FlinkCountingSink<>(e -> Checksums.mix(e.getSeq()));
    }

    /** Sums the emitted counts ({@link Check#KEY_COUNTS}). */
    static FlinkCountingSink<Tuple2<String, Long>> counts() {
        return new FlinkCountingSink<>(kv -> kv.f1);
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        return new Writer<>(context.getTaskInfo().getIndexOfThisSubtask(), checksum);
    }

    /** One subtask's writer: the only writer of its {@link FlinkProgress} slot. */
    private static final class Writer<T> implements SinkWriter<T> {
        private final int subtask;
        private final Checksum<T> checksum;
        private long count;
        private long sum;
        private int unpublished;

        Writer(int subtask, Checksum<T> checksum) {
            this.subtask = subtask;
            this.checksum = checksum;
        }

        @Override
        public void write(T element, Context context) {
            count++;
            sum += checksum.of(element);
            if (++unpublished == PUBLISH_EVERY || count == 1) {   // the first at once: it starts the clock
                publish();
            }
        }

        @Override
        public void flush(boolean endOfInput) {
            if (unpublished > 0) {
                publish();
            }
        }

        private void publish() {
            PROGRESS.publish(subtask, count, sum, System.nanoTime());
            unpublished = 0;
        }

        @Override
        public void close() {
        }
    }
}
