package io.jetway.internal.kafka;

import com.hazelcast.function.SupplierEx;
import com.hazelcast.jet.core.EventTimePolicy;
import com.hazelcast.jet.core.Processor;
import com.hazelcast.jet.core.ProcessorSupplier;
import io.jetway.KafkaSourceConfig;
import io.jetway.StartPosition;
import io.jetway.spi.codec.RecordDecoder;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Creates the Kafka source processors of one member. It holds configuration only (it is serialized to
 * every member); in {@link #init} it opens the member's {@link PartitionDiscovery}, which fails the job
 * early with a clear message when Kafka is unreachable or a topic is missing (the dead-letter topic
 * too), and, for {@link StartPosition#LATEST}, reads the end offsets the job starts from.
 */
public final class KafkaSourceProcessorSupplier<T> implements ProcessorSupplier {

    private static final long serialVersionUID = 1L;

    private final KafkaSourceConfig config;
    private final SupplierEx<? extends RecordDecoder<T>> decoderSupplier;
    private final EventTimePolicy<?> eventTimePolicy;
    private final RecordStage.Factory stageFactory;

    private transient PartitionDiscovery discovery;
    private transient Map<TopicPartition, Long> initialOffsets;
    private transient DeadLetterTopic deadLetterTopic;
    private transient ClassLoader classLoader;

    /** A supplier for the given settings; {@code decoderSupplier} is called once per processor. */
    public KafkaSourceProcessorSupplier(KafkaSourceConfig config, SupplierEx<? extends RecordDecoder<T>> decoderSupplier,
                                        EventTimePolicy<? super T> eventTimePolicy) {
        this(config, decoderSupplier, eventTimePolicy, null);
    }

    /** A supplier whose processors run {@code stageFactory}'s stage on each decoded item (aligned state). */
    public KafkaSourceProcessorSupplier(KafkaSourceConfig config, SupplierEx<? extends RecordDecoder<T>> decoderSupplier,
                                        EventTimePolicy<?> eventTimePolicy, RecordStage.Factory stageFactory) {
        this.config = config;
        this.decoderSupplier = decoderSupplier;
        this.eventTimePolicy = eventTimePolicy;
        this.stageFactory = stageFactory;
    }

    @Override
    public void init(Context context) {
        classLoader = context.classLoader();
        String where = "job '" + context.jobConfig().getName() + "' vertex '" + context.vertexName() + "'";
        discovery = PartitionDiscovery.start(config, where);
        if (config.deadLetterTopic() != null) {
            try {
                deadLetterTopic = DeadLetterTopic.check(discovery.admin(), config.deadLetterTopic(),
                        config.startupTimeoutMs(), config.consumerProperties().get("bootstrap.servers"), where,
                        context.logger());
            } catch (RuntimeException e) {
                discovery.close();
                discovery = null;
                throw e;
            }
        }
        initialOffsets = config.startPosition() == StartPosition.LATEST
                ? discovery.endOffsets(discovery.current()) : Map.of();
    }

    @Override
    public Collection<? extends Processor> get(int count) {
        List<Processor> processors = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            processors.add(new KafkaZeroCopySourceP<>(config, decoderSupplier.get(), eventTimePolicy, discovery,
                    initialOffsets, KafkaConsumerFactory.KAFKA,
                    stageFactory == null ? null : stageFactory.create(classLoader), deadLetterTopic));
        }
        return processors;
    }

    @Override
    public void close(Throwable error) {
        if (discovery != null) {
            discovery.close();
        }
    }
}
