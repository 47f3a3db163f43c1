package io.jetway.benchmarks.e2e;

import com.hazelcast.jet.aggregate.AggregateOperations;
import com.hazelcast.jet.kafka.KafkaSinks;
import com.hazelcast.jet.kafka.KafkaSources;
import com.hazelcast.jet.pipeline.Pipeline;
import io.jetway.benchmarks.proto.Event;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Map;
import java.util.Properties;

/**
 * The exactly-once Kafka → keyed running count → Kafka jobs of the multi-member variants ({@link StartupVariant},
 * {@link JetRecoveryVariant}), all writing the same output format (key = the count's key, value = the running
 * count, 8 bytes): the stock connector's pipeline. Jetway's counts (aligned and behind the keyed edge) are
 * {@link CountJob#countToKafkaDag}, the same job the equal-work variants run.
 */
final class CountToKafkaJobs {

    private CountToKafkaJobs() {
    }

    /**
     * Hazelcast's {@code KafkaSources.kafka} → {@code groupingKey} → {@code rollingAggregate(counting())} →
     * {@code KafkaSinks.kafka} (hazelcast-jet-kafka, exactly-once by default) into {@code output}.
     */
    static Pipeline stock(String bootstrap, String input, String output) {
        Properties consumer = new Properties();
        consumer.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumer.setProperty(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumer.setProperty(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumer.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Properties producer = new Properties();
        producer.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producer.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, LongSerializer.class.getName());
        Pipeline p = Pipeline.create();
        p.readFrom(KafkaSources.<byte[], byte[], Event>kafka(consumer, r -> Event.parseFrom(r.value()), input))
         .withoutTimestamps()
         .groupingKey(Event::getKey)
         .rollingAggregate(AggregateOperations.counting())
         .writeTo(KafkaSinks.<Map.Entry<String, Long>, String, Long>kafka(producer, output, Map.Entry::getKey,
                 Map.Entry::getValue));
        return p;
    }
}
