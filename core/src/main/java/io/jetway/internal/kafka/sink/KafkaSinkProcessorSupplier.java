package io.jetway.internal.kafka.sink;

import com.hazelcast.function.FunctionEx;
import com.hazelcast.function.SupplierEx;
import com.hazelcast.jet.config.ProcessingGuarantee;
import com.hazelcast.jet.core.Processor;
import com.hazelcast.jet.core.ProcessorSupplier;
import io.jetway.KafkaSinkConfig;
import io.jetway.kafka.common.txn.ReflectiveTransactionResumer;
import io.jetway.spi.codec.RecordEncoder;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Creates the Kafka sink processors of one member. It holds configuration only (it is serialized to every
 * member); {@link #init} fails the job early and clearly when the configured topic does not exist, or when
 * the job is exactly-once and kafka-clients' internals that resuming transactions needs are missing.
 *
 * @param <T> the item type
 */
public final class KafkaSinkProcessorSupplier<T> implements ProcessorSupplier {

    private static final long serialVersionUID = 1L;

    private final KafkaSinkConfig config;
    private final FunctionEx<? super T, String> topicFn;
    private final SupplierEx<? extends RecordEncoder<? super T>> encoderSupplier;

    /** @param topicFn the topic per item, or {@code null} for {@link KafkaSinkConfig#topic()} */
    public KafkaSinkProcessorSupplier(KafkaSinkConfig config, FunctionEx<? super T, String> topicFn,
                                      SupplierEx<? extends RecordEncoder<? super T>> encoderSupplier) {
        this.config = config;
        this.topicFn = topicFn;
        this.encoderSupplier = encoderSupplier;
    }

    @Override
    public void init(Context context) {
        String where = "Kafka sink of job '" + context.jobConfig().getName() + "' vertex '" + context.vertexName()
                + "'";
        if (config.exactlyOnce() && context.processingGuarantee() == ProcessingGuarantee.EXACTLY_ONCE) {
            ReflectiveTransactionResumer.instance();
        }
        if (topicFn == null) {
            try (TopicCheck check = new TopicCheck(config, "jetway-sink-admin", where)) {
                check.require(config.topic());
            }
        }
    }

    @Override
    public Collection<? extends Processor> get(int count) {
        List<Processor> processors = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            RecordEncoder<? super T> encoder = encoderSupplier.get();
            if (encoder == null) {
                throw new IllegalStateException("the encoder supplier of the Kafka sink returned null");
            }
            processors.add(new KafkaSinkP<T>(config, topicFn, encoder));
        }
        return processors;
    }
}
