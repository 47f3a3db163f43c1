package io.jetway.benchmarks.e2e;

import com.hazelcast.function.FunctionEx;
import com.hazelcast.jet.aggregate.AggregateOperations;
import com.hazelcast.jet.core.DAG;
import com.hazelcast.jet.core.EventTimePolicy;
import com.hazelcast.jet.core.Vertex;
import com.hazelcast.jet.kafka.KafkaSinks;
import com.hazelcast.jet.kafka.KafkaSources;
import com.hazelcast.jet.pipeline.Pipeline;
import io.jetway.JetwaySinks;
import io.jetway.JetwayState;
import io.jetway.KafkaSinkConfig;
import io.jetway.KafkaSourceConfig;
import io.jetway.benchmarks.proto.Event;
import io.jetway.protobuf.decode.ProtobufDecoder;
import io.jetway.state.StateConfig;
import io.jetway.state.StatefulFunctions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static com.hazelcast.jet.core.Edge.between;

/**
 * The exactly-once Kafka → keyed running count → Kafka jobs of the multi-member variants ({@link StartupVariant},
 * {@link JetRecoveryVariant}), all writing the same output format (key = the count's key, value = the running
 * count, 8 bytes): Jetway's aligned count and the stock connector's pipeline. Jetway's count behind the keyed
 * edge is {@link CountJob#countToKafkaDag}.
 */
final class CountToKafkaJobs {

    private CountToKafkaJobs() {
    }

    /**
     * {@code JetwayState.alignedKafkaP} with {@code state} (aligned: state partition = input partition) →
     * {@code JetwaySinks.kafkaP} into {@code output}.
     */
    static DAG jetwayAligned(String bootstrap, String input, String output, StateConfig state) {
        FunctionEx<Event, String> keyFn = Event::getKey;
        DAG dag = new DAG();
        KafkaSourceConfig source = KafkaSourceConfig.builder(bootstrap).topics(input)
                .partitionDiscoveryInterval(Duration.ZERO).build();
        Vertex count = dag.newVertex(CountJob.STATEFUL_VERTEX, JetwayState.alignedKafkaP(source,
                ProtobufDecoder.supplier(Event.class), state, keyFn, StatefulFunctions.<String, Event>count(),
                EventTimePolicy.noEventTime()));
        Vertex sink = dag.newVertex("sink", JetwaySinks.kafkaP(KafkaSinkConfig.builder(bootstrap).topic(output)
                .build(), CountEncoder::new));
        dag.edge(between(count, sink));
        return dag;
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
