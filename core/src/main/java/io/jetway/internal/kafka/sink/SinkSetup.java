package io.jetway.internal.kafka.sink;

import com.hazelcast.jet.core.Processor;
import com.hazelcast.jet.Util;
import com.hazelcast.logging.ILogger;
import io.jetway.KafkaSinkConfig;
import io.jetway.kafka.common.txn.TransactionalIdScheme;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;

import java.nio.ByteBuffer;
import java.util.Map;

/**
 * What one sink processor knows about itself once Jet initialised it: its place in the job, names for
 * messages, threads and clients, and how to create its clients.
 */
final class SinkSetup {

    private final KafkaSinkConfig config;
    private final ILogger logger;
    private final String where;
    private final String threadPrefix;
    private final int processorIndex;
    private final int parallelism;
    private final TransactionalIdScheme transactionalIds;
    private final SinkMetrics metrics;

    SinkSetup(KafkaSinkConfig config, Processor.Context context, SinkMetrics metrics) {
        this.config = config;
        this.logger = context.logger();
        this.metrics = metrics;
        this.processorIndex = context.globalProcessorIndex();
        this.parallelism = context.totalParallelism();
        String jobName = context.jobConfig().getName() != null ? context.jobConfig().getName()
                : Util.idToString(context.jobId());
        this.where = "Kafka sink of job '" + jobName + "' vertex '" + context.vertexName() + "' processor "
                + processorIndex + "/" + parallelism;
        this.transactionalIds = config.transactionalIdPrefix() != null
                ? new TransactionalIdScheme(TransactionalIdScheme.sanitize(config.transactionalIdPrefix()))
                : TransactionalIdScheme.of(jobName, context.vertexName());
        this.threadPrefix = "jetway-kafka-sink-" + transactionalIds.prefix() + "-" + processorIndex;
    }

    KafkaSinkConfig config() {
        return config;
    }

    ILogger logger() {
        return logger;
    }

    /** "Kafka sink of job 'x' vertex 'y' processor i/n", for messages. */
    String where() {
        return where;
    }

    String threadPrefix() {
        return threadPrefix;
    }

    int processorIndex() {
        return processorIndex;
    }

    int parallelism() {
        return parallelism;
    }

    TransactionalIdScheme transactionalIds() {
        return transactionalIds;
    }

    SinkMetrics metrics() {
        return metrics;
    }

    /** A producer with {@code transactional.id = transactionalId}, initTransactions not called. */
    Producer<ByteBuffer, ByteBuffer> newTransactionalProducer(String transactionalId) {
        return new KafkaProducer<>(SinkClients.producer(config, "jetway-sink-" + transactionalId, transactionalId));
    }

    /** The one idempotent producer of at-least-once mode. */
    Map<String, Object> idempotentProducerProperties() {
        return SinkClients.producer(config, threadPrefix, null);
    }

    WitnessVerifier newWitnessVerifier() {
        return new WitnessVerifier(SinkClients.witnessConsumer(config, threadPrefix + "-witness"),
                SinkClients.admin(config, threadPrefix + "-witness-admin"), where, config.startupTimeoutMs(),
                config.transactionTimeoutMs(), logger);
    }
}
