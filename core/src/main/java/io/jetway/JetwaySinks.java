package io.jetway;

import com.hazelcast.function.FunctionEx;
import com.hazelcast.function.SupplierEx;
import com.hazelcast.jet.core.ProcessorMetaSupplier;
import com.hazelcast.jet.pipeline.Sink;
import com.hazelcast.jet.pipeline.Sinks;
import io.jetway.internal.kafka.sink.KafkaSinkProcessorSupplier;
import io.jetway.spi.codec.RecordEncoder;

import static java.util.Objects.requireNonNull;

/**
 * Jetway's Kafka sinks: DAG factories ({@link #kafkaP}) for Core API users and Pipeline API adapters
 * ({@link #kafka}). Each item becomes one record, its key and value from the given {@link RecordEncoder}
 * (e.g. {@code ProtobufEncoder} of the protobuf module).
 * <p>
 * In an {@code EXACTLY_ONCE} job the records of each snapshot interval are written in Kafka transactions
 * committed when the snapshot completes, so {@code read_committed} consumers see every item exactly once,
 * also across member loss and restarts; see {@link KafkaSinkConfig} for {@code transaction.timeout.ms} and
 * transactional ids (name your jobs: the ids derive from the job and vertex names). Otherwise the sink writes
 * at least once. Before the first record the sink checks that the topic exists; it never creates topics.
 * <p>
 * <b>Order.</b> Records of one sink processor reach each partition in the order of its items; with several
 * sink processors, items of one key keep their order only when they all pass through the same processor:
 * use {@link #kafkaOrderedByKey} in a pipeline, or a partitioned edge ({@code Edge.partitioned(keyFn)}) into
 * the {@link #kafkaP} vertex.
 */
public final class JetwaySinks {

    private JetwaySinks() {
    }

    /**
     * A sink vertex writing every item to {@link KafkaSinkConfig#topic()}.
     *
     * @param encoder creates one encoder per processor
     */
    public static <T> ProcessorMetaSupplier kafkaP(KafkaSinkConfig config,
                                                   SupplierEx<? extends RecordEncoder<? super T>> encoder) {
        requireNonNull(config, "config cannot be null");
        if (config.topic() == null) {
            throw new IllegalArgumentException("the config names no topic: set KafkaSinkConfig.Builder.topic(...) or "
                    + "pass a topic function");
        }
        return metaSupplier(config, null, encoder);
    }

    /**
     * A sink vertex writing each item to the topic {@code topicFn} returns for it; every topic must exist
     * (each new name is checked once).
     */
    public static <T> ProcessorMetaSupplier kafkaP(KafkaSinkConfig config, FunctionEx<? super T, String> topicFn,
                                                   SupplierEx<? extends RecordEncoder<? super T>> encoder) {
        requireNonNull(config, "config cannot be null");
        requireNonNull(topicFn, "topicFn cannot be null");
        return metaSupplier(config, topicFn, encoder);
    }

    /** {@link #kafkaP(KafkaSinkConfig, SupplierEx)} for the Pipeline API. */
    public static <T> Sink<T> kafka(KafkaSinkConfig config, SupplierEx<? extends RecordEncoder<? super T>> encoder) {
        return Sinks.fromProcessor("jetway-kafka(" + requireNonNull(config, "config cannot be null").topic() + ")",
                kafkaP(config, encoder));
    }

    /**
     * {@link #kafka(KafkaSinkConfig, SupplierEx)} keeping the order of the items of each key: items with equal
     * {@code orderKeyFn} results go through the same sink processor (a partitioned edge). Give the key the
     * records are partitioned by in Kafka, so that each key's records appear in its partition in item order.
     */
    public static <T> Sink<T> kafkaOrderedByKey(KafkaSinkConfig config, FunctionEx<? super T, ?> orderKeyFn,
                                                SupplierEx<? extends RecordEncoder<? super T>> encoder) {
        requireNonNull(orderKeyFn, "orderKeyFn cannot be null");
        return Sinks.fromProcessor("jetway-kafka(" + requireNonNull(config, "config cannot be null").topic() + ")",
                kafkaP(config, encoder), orderKeyFn);
    }

    /** {@link #kafkaP(KafkaSinkConfig, FunctionEx, SupplierEx)} for the Pipeline API. */
    public static <T> Sink<T> kafka(KafkaSinkConfig config, FunctionEx<? super T, String> topicFn,
                                    SupplierEx<? extends RecordEncoder<? super T>> encoder) {
        return Sinks.fromProcessor("jetway-kafka(per item)", kafkaP(config, topicFn, encoder));
    }

    private static <T> ProcessorMetaSupplier metaSupplier(KafkaSinkConfig config, FunctionEx<? super T, String> topicFn,
                                                          SupplierEx<? extends RecordEncoder<? super T>> encoder) {
        requireNonNull(encoder, "encoder cannot be null");
        return ProcessorMetaSupplier.of(config.localParallelism(),
                new KafkaSinkProcessorSupplier<>(config, topicFn, encoder));
    }
}
