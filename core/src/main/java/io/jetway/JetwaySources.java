package io.jetway;

import com.hazelcast.function.SupplierEx;
import com.hazelcast.jet.core.EventTimePolicy;
import com.hazelcast.jet.core.ProcessorMetaSupplier;
import com.hazelcast.jet.pipeline.Sources;
import com.hazelcast.jet.pipeline.StreamSource;
import com.hazelcast.function.FunctionEx;
import io.jetway.internal.kafka.KafkaSourceProcessorSupplier;
import io.jetway.internal.state.AlignedStateStage;
import io.jetway.state.StateConfig;
import io.jetway.state.StatefulFunction;
import io.jetway.spi.codec.RecordDecoder;

import static java.util.Objects.requireNonNull;

/**
 * Jetway's Kafka sources: a DAG factory ({@link #kafkaP}) for Core API users and a Pipeline API
 * adapter ({@link #kafka}). Both read {@link java.nio.ByteBuffer} views of the fetch buffer, decode
 * them with the given {@link RecordDecoder}, spread the partitions over every processor of every
 * member, keep offsets in Jet snapshots and emit per-partition, coalesced watermarks.
 */
public final class JetwaySources {

    private JetwaySources() {
    }

    /**
     * A source vertex for DAG code.
     *
     * @param config          what to read and how
     * @param decoder         creates one decoder per processor (see {@link io.jetway.codec.RecordDecoders})
     * @param eventTimePolicy watermarks and timestamps; {@link EventTimePolicy#noEventTime()} for none.
     *                        Without a timestamp function, the Kafka record timestamp is the event time
     */
    public static <T> ProcessorMetaSupplier kafkaP(KafkaSourceConfig config,
                                                   SupplierEx<? extends RecordDecoder<T>> decoder,
                                                   EventTimePolicy<? super T> eventTimePolicy) {
        requireNonNull(config, "config cannot be null");
        requireNonNull(decoder, "decoder cannot be null");
        requireNonNull(eventTimePolicy, "eventTimePolicy cannot be null");
        return ProcessorMetaSupplier.of(config.localParallelism(),
                new KafkaSourceProcessorSupplier<>(config, decoder, eventTimePolicy));
    }

    /**
     * A source with keyed state fused in ("aligned" mode): each decoded item goes through {@code function} with
     * the state of its key, kept in state partition = Kafka partition, and the source emits what the function
     * returns, with the Kafka record timestamp as its native event time. No shuffle: right when the topic's
     * producers partition records by the same key (a key spread over several partitions gets a state in
     * each). Reads exactly one topic, whose partition count must not change while the job runs.
     */
    public static <T, K, S, R> ProcessorMetaSupplier kafkaStatefulP(KafkaSourceConfig config,
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
        return ProcessorMetaSupplier.of(config.localParallelism(), new KafkaSourceProcessorSupplier<>(config, decoder,
                eventTimePolicy, AlignedStateStage.factory(state, keyFn, function)));
    }

    /** {@link #kafkaStatefulP} for the Pipeline API. */
    public static <T, K, S, R> StreamSource<R> kafkaStateful(KafkaSourceConfig config,
                                                             SupplierEx<? extends RecordDecoder<T>> decoder,
                                                             StateConfig state, FunctionEx<? super T, ? extends K> keyFn,
                                                             StatefulFunction<K, S, T, R> function) {
        requireNonNull(config, "config cannot be null");
        return Sources.streamFromProcessorWithWatermarks("jetway-kafka-stateful(" + config.describeTopics() + ")", true,
                policy -> kafkaStatefulP(config, decoder, state, keyFn, function, policy));
    }

    /**
     * The same source for the Pipeline API. Use {@code withNativeTimestamps(lag)} for the Kafka record
     * timestamps, {@code withTimestamps(fn, lag)} for a field of the item, or {@code withoutTimestamps()}.
     */
    public static <T> StreamSource<T> kafka(KafkaSourceConfig config, SupplierEx<? extends RecordDecoder<T>> decoder) {
        requireNonNull(config, "config cannot be null");
        requireNonNull(decoder, "decoder cannot be null");
        return Sources.streamFromProcessorWithWatermarks("jetway-kafka(" + config.describeTopics() + ")", true,
                policy -> kafkaP(config, decoder, policy));
    }
}
