package io.jetway;

import com.hazelcast.function.FunctionEx;
import com.hazelcast.function.SupplierEx;
import com.hazelcast.function.ToLongFunctionEx;
import com.hazelcast.jet.aggregate.AggregateOperation1;
import com.hazelcast.jet.core.EventTimePolicy;
import com.hazelcast.jet.core.Partitioner;
import com.hazelcast.jet.core.ProcessorMetaSupplier;
import com.hazelcast.jet.datamodel.KeyedWindowResult;
import com.hazelcast.jet.pipeline.Sources;
import com.hazelcast.jet.pipeline.StreamSource;
import com.hazelcast.jet.pipeline.StreamStage;
import com.hazelcast.jet.pipeline.StreamStageWithKey;
import com.hazelcast.jet.pipeline.WindowDefinition;
import io.jetway.internal.kafka.KafkaSourceProcessorSupplier;
import io.jetway.internal.state.AlignedStateStage;
import io.jetway.internal.state.KeyPartitioner;
import io.jetway.internal.state.KeyedStateProcessorSupplier;
import io.jetway.internal.state.KeyedStatefulP;
import io.jetway.internal.state.KeyedWindows;
import io.jetway.spi.codec.RecordDecoder;
import io.jetway.state.StateConfig;
import io.jetway.state.StatefulFunction;

import static java.util.Objects.requireNonNull;

/**
 * Jetway's keyed state: stateful mapping and event-time windows whose state lives in the backend named in a
 * {@link StateConfig}, each as a DAG factory (ending in {@code P}) and a Pipeline adapter.
 * <p>
 * <b>Keyed edge.</b> {@link #mapStatefulP} and {@link #windowP} take the items of any upstream vertex; the
 * state partition of a key is its Jet partition, so a job restored on more or fewer members gives every key's
 * state to the processor that receives the key. Connect them with an edge partitioned by the same key:
 * <pre>{@code
 * Vertex count = dag.newVertex("count", JetwayState.mapStatefulP(StateConfig.heap(), Event::account,
 *         StatefulFunctions.count()));
 * dag.edge(Edge.between(source, count).partitioned(Event::account, JetwayState.keyPartitioner()).distributed());
 * }</pre>
 * The Pipeline forms take a keyed stage and partition it themselves:
 * <pre>{@code
 * StreamStage<Map.Entry<String, Long>> counts = JetwayState.mapStateful(
 *         events.groupingKey(Event::account), StateConfig.backend("kafka-changelog"), StatefulFunctions.count());
 * StreamStage<KeyedWindowResult<String, Long>> perMinute = JetwayState.window(
 *         events.groupingKey(Event::account), StateConfig.heap(), WindowDefinition.tumbling(60_000), counting());
 * }</pre>
 * <b>Aligned.</b> {@link #alignedKafkaP} and {@link #alignedKafka} fuse the state into the Kafka source:
 * state partition = Kafka partition, no shuffle.
 */
public final class JetwayState {

    private JetwayState() {
    }

    /**
     * Jet's default partitioning of keyed edges (the member's partition of the key, the one the state
     * partitions follow), computed without Hazelcast serialization for {@code String}, {@code Long} and
     * {@code Integer} keys; other keys, or a member whose serialization differs, get the default
     * computation. Use it for the edge into a keyed processor:
     * {@code between(upstream, stateful).partitioned(keyFn, JetwayState.keyPartitioner()).distributed()}.
     */
    public static Partitioner<Object> keyPartitioner() {
        return new KeyPartitioner();
    }

    /**
     * Applies {@code function} to each item with the state of its key and emits what the function returns;
     * see {@link io.jetway.state.StatefulFunctions} for counts and rolling aggregates. Connect it with an
     * edge partitioned by {@code keyFn} and distributed.
     */
    public static <T, K, S, R> ProcessorMetaSupplier mapStatefulP(StateConfig state,
                                                                  FunctionEx<? super T, ? extends K> keyFn,
                                                                  StatefulFunction<K, S, T, R> function) {
        requireNonNull(state, "state cannot be null");
        requireNonNull(keyFn, "keyFn cannot be null");
        requireNonNull(function, "function cannot be null");
        return ProcessorMetaSupplier.of(new KeyedStateProcessorSupplier(state,
                (config, factory) -> new KeyedStatefulP<>(config, factory, keyFn, function)));
    }

    /** {@link #mapStatefulP} for the Pipeline API; timestamps of the input are kept. */
    public static <T, K, S, R> StreamStage<R> mapStateful(StreamStageWithKey<T, K> keyed, StateConfig state,
                                                          StatefulFunction<K, S, T, R> function) {
        requireNonNull(keyed, "keyed cannot be null");
        requireNonNull(state, "state cannot be null");
        return keyed.customTransform("jetway-stateful(" + state.backendName() + ")",
                mapStatefulP(state, keyed.keyFn(), function));
    }

    /**
     * Event-time windows per key: {@code WindowDefinition.tumbling(...)}, {@code sliding(...)} or
     * {@code session(...)}. Emits a {@link KeyedWindowResult} per key and window (or session) once the
     * watermark passes its end; late items are dropped. Sliding and session windows need an aggregate
     * operation with a combine function. Connect it with an edge partitioned by {@code keyFn} and distributed.
     *
     * @throws IllegalArgumentException for any other window definition, or one with early results, or a
     *                                  {@code state} with {@link io.jetway.state.OutputMode#NEWEST_PER_SNAPSHOT}
     */
    public static <T, K, A, R> ProcessorMetaSupplier windowP(StateConfig state,
                                                             FunctionEx<? super T, ? extends K> keyFn,
                                                             ToLongFunctionEx<? super T> timestampFn,
                                                             WindowDefinition definition,
                                                             AggregateOperation1<? super T, A, ? extends R> operation) {
        requireNonNull(state, "state cannot be null");
        KeyedWindows.requireEveryUpdate(state);
        return ProcessorMetaSupplier.of(new KeyedStateProcessorSupplier(state,
                KeyedWindows.dagProcessors(definition, keyFn, timestampFn, operation)));
    }

    /** {@link #windowP} for the Pipeline API, on a stage with timestamps. */
    public static <T, K, A, R> StreamStage<KeyedWindowResult<K, R>> window(
            StreamStageWithKey<T, K> keyed, StateConfig state, WindowDefinition definition,
            AggregateOperation1<? super T, A, ? extends R> operation) {
        requireNonNull(keyed, "keyed cannot be null");
        requireNonNull(state, "state cannot be null");
        KeyedWindows.requireEveryUpdate(state);
        return keyed.customTransform("jetway-window(" + state.backendName() + ")",
                ProcessorMetaSupplier.of(new KeyedStateProcessorSupplier(state,
                        KeyedWindows.stageProcessors(definition, keyed.keyFn(), operation))));
    }

    /**
     * A source with keyed state fused in ("aligned" mode): each decoded item goes through {@code function} with
     * the state of its key, kept in state partition = Kafka partition, and the source emits what the function
     * returns, with the Kafka record timestamp as its native event time. No shuffle: right when the topic's
     * producers partition records by the same key (a key spread over several partitions gets a state in
     * each). Reads exactly one topic, whose partition count must not change while the job runs. With
     * {@link io.jetway.state.OutputMode#NEWEST_PER_SNAPSHOT} the source must have no event time
     * ({@code withoutTimestamps()}, {@link EventTimePolicy#noEventTime()}).
     */
    public static <T, K, S, R> ProcessorMetaSupplier alignedKafkaP(KafkaSourceConfig config,
                                                                   SupplierEx<? extends RecordDecoder<T>> decoder,
                                                                   StateConfig state,
                                                                   FunctionEx<? super T, ? extends K> keyFn,
                                                                   StatefulFunction<K, S, T, R> function,
                                                                   EventTimePolicy<? super R> eventTimePolicy) {
        requireNonNull(config, "config cannot be null");
        requireNonNull(decoder, "decoder cannot be null");
        requireNonNull(state, "state cannot be null");
        requireNonNull(keyFn, "keyFn cannot be null");
        requireNonNull(function, "function cannot be null");
        requireNonNull(eventTimePolicy, "eventTimePolicy cannot be null");
        if (config.topics().size() != 1) {
            throw new IllegalArgumentException("aligned keyed state reads exactly one topic, not " + config.describeTopics());
        }
        AlignedStateStage.requireNoEventTimeWhenHolding(state, eventTimePolicy);
        return ProcessorMetaSupplier.of(config.localParallelism(), new KafkaSourceProcessorSupplier<>(config, decoder,
                eventTimePolicy, AlignedStateStage.factory(state, keyFn, function)));
    }

    /** {@link #alignedKafkaP} for the Pipeline API. */
    public static <T, K, S, R> StreamSource<R> alignedKafka(KafkaSourceConfig config,
                                                            SupplierEx<? extends RecordDecoder<T>> decoder,
                                                            StateConfig state, FunctionEx<? super T, ? extends K> keyFn,
                                                            StatefulFunction<K, S, T, R> function) {
        requireNonNull(config, "config cannot be null");
        return Sources.streamFromProcessorWithWatermarks("jetway-kafka-stateful(" + config.describeTopics() + ")", true,
                policy -> alignedKafkaP(config, decoder, state, keyFn, function, policy));
    }
}
