package io.jetway.internal.kafka;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import java.nio.ByteBuffer;
import java.util.Properties;

/** Creates the consumer of a source processor; {@link #KAFKA} in production, a stub in hot-path benchmarks. */
@FunctionalInterface
public interface KafkaConsumerFactory {

    /** Creates real {@link KafkaConsumer}s. */
    KafkaConsumerFactory KAFKA = KafkaConsumer::new;

    /** A consumer with {@code ByteBuffer} keys and values, created with {@code properties}. */
    Consumer<ByteBuffer, ByteBuffer> create(Properties properties);
}
