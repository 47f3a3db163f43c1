package io.jetway;

import com.hazelcast.function.SupplierEx;
import com.hazelcast.jet.core.EventTimePolicy;
import com.hazelcast.jet.core.ProcessorMetaSupplier;
import com.hazelcast.jet.pipeline.Sources;
import com.hazelcast.jet.pipeline.StreamSource;
import io.jetway.internal.kafka.KafkaSourceProcessorSupplier;
import io.jetway.spi.codec.RecordDecoder;

import static java.util.Objects.requireNonNull;

/**
 * Jetway's Kafka sources: a DAG factory ({@link #kafkaP}) for Core API users and a Pipeline API
 * adapter ({@link #kafka}). Both read {@link java.nio.ByteBuffer} views of the fetch buffer, decode
 * them with the given {@link RecordDecoder}, spread the partitions over every processor of every
 * member, keep offsets in Jet snapshots and emit per-partition, coalesced watermarks. The source with keyed
 * state fused in is {@link JetwayState#alignedKafka}.
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
