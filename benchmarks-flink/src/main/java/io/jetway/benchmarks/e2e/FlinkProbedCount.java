package io.jetway.benchmarks.e2e;

import io.jetway.benchmarks.proto.Event;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The running count of {@link FlinkKeyedCount} with a second, broadcast input that reads the state back: a
 * probe record makes every subtask walk all its keys ({@code applyToKeyedState}) and publish the sum of their
 * counts and of {@code c(c+1)/2} to {@link #PROBE} ({@link Check#KEY_COUNTS} over the final counts). The
 * restore variant sends a probe after a restore, to check that the restored state is the state that was
 * checkpointed, without adding anything to the measured restore.
 */
final class FlinkProbedCount extends KeyedBroadcastProcessFunction<String, String, Event, Tuple2<String, Long>> {

    /** Per subtask: the sum of the counts in its state ({@code count}) and of {@code c(c+1)/2} ({@code checksum}). */
    static final FlinkProgress PROBE = new FlinkProgress();

    private static final long serialVersionUID = 1L;

    private transient ValueState<Long> counts;
    private transient int subtask;

    @Override
    public void open(OpenContext context) {
        counts = getRuntimeContext().getState(FlinkKeyedCount.descriptor());
        subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    }

    @Override
    public void processElement(String key, ReadOnlyContext ctx, Collector<Tuple2<String, Long>> out) throws Exception {
        Long before = counts.value();
        long count = before == null ? 1 : before + 1;
        counts.update(count);
        out.collect(Tuple2.of(key, count));
    }

    @Override
    public void processBroadcastElement(Event probe, Context ctx, Collector<Tuple2<String, Long>> out)
            throws Exception {
        long[] sums = new long[2];
        ctx.applyToKeyedState(FlinkKeyedCount.descriptor(), (key, state) -> {
            long c = state.value();
            sums[0] += c;
            sums[1] += c * (c + 1) / 2;
        });
        PROBE.publish(subtask, sums[0], sums[1], System.nanoTime());
    }
}
