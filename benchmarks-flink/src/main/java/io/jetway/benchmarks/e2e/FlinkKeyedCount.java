package io.jetway.benchmarks.e2e;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The running count per key of the Flink count variants, the peer of {@code StatefulFunctions.count()}: a
 * {@code ValueState<Long>} per key, each record emits {@code (key, count so far)}. Every record is also
 * published to {@link #PROGRESS} with its time, as Kafka Streams' count variant counts in a {@code peek()},
 * so that the throughput is taken at the count.
 */
final class FlinkKeyedCount extends KeyedProcessFunction<String, String, Tuple2<String, Long>> {

    /** The records counted by the count's subtasks in this JVM since the last reset. */
    static final FlinkProgress PROGRESS = new FlinkProgress();

    /** The name of the state: one count per key. */
    static final String STATE = "counts";

    private static final long serialVersionUID = 1L;

    private transient ValueState<Long> counts;
    private transient int subtask;
    private transient long processed;

    @Override
    public void open(OpenContext context) {
        counts = getRuntimeContext().getState(descriptor());
        subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    }

    /** A new descriptor of the state (Flink initialises a descriptor's serializer in place: one per instance). */
    static ValueStateDescriptor<Long> descriptor() {
        return new ValueStateDescriptor<>(STATE, Types.LONG);
    }

    @Override
    public void processElement(String key, Context ctx, Collector<Tuple2<String, Long>> out) throws Exception {
        Long before = counts.value();
        long count = before == null ? 1 : before + 1;
        counts.update(count);
        out.collect(Tuple2.of(key, count));
        PROGRESS.publish(subtask, ++processed, 0, System.nanoTime());
    }
}
