package io.jetway.testing;

import java.util.Map;

import org.apache.kafka.clients.admin.Admin;

/**
 * One in-process broker per test JVM, started on first use and stopped by a shutdown hook. Tests that
 * share it use unique topic names ({@link KafkaTestData#uniqueTopic(String)}) and must not change broker
 * state others depend on.
 */
public final class SharedKafka {
    private static KafkaBroker shared;

    private SharedKafka() {
    }

    /** The shared broker; its {@code close()} does nothing, the JVM's shutdown hook stops it. */
    public static synchronized KafkaBroker get() {
        if (shared == null) {
            EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "jetway-shared-kafka-shutdown"));
            shared = new Unclosable(broker);
        }
        return shared;
    }

    /** The shared broker as tests see it: closing it would break the tests that run after. */
    private static final class Unclosable implements KafkaBroker {
        private final KafkaBroker broker;

        Unclosable(KafkaBroker broker) {
            this.broker = broker;
        }

        @Override
        public String bootstrapServers() {
            return broker.bootstrapServers();
        }

        @Override
        public void createTopic(String topic, int partitions, Map<String, String> topicConfigs) {
            broker.createTopic(topic, partitions, topicConfigs);
        }

        @Override
        public void addPartitions(String topic, int totalPartitions) {
            broker.addPartitions(topic, totalPartitions);
        }

        @Override
        public Admin admin() {
            return broker.admin();
        }

        @Override
        public void close() {
            // the shutdown hook closes the broker
        }

        @Override
        public String toString() {
            return "shared " + broker;
        }
    }
}
