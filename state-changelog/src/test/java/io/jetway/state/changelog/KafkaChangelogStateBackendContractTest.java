package io.jetway.state.changelog;

import io.jetway.spi.state.StateBackendFactory;
import io.jetway.spi.tck.StateBackendContractTest;
import io.jetway.testing.SharedKafka;

import java.util.Map;

/** The state SPI's contract (spi-tck), met by the {@code kafka-changelog} backend on the shared broker. */
class KafkaChangelogStateBackendContractTest extends StateBackendContractTest {

    @Override
    protected StateBackendFactory factory() {
        return new KafkaChangelogStateBackendFactory();
    }

    @Override
    protected Map<String, String> options(String jobName) {
        return Map.of("bootstrap.servers", SharedKafka.get().bootstrapServers(), "transaction.timeout.ms", "60000");
    }
}
