package io.jetway.internal.state;

import io.jetway.state.HeapStateBackendFactory;
import io.jetway.state.StateConfig;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Looking a backend up by name, and the option check that makes a typo fail when the job is built. */
class StateBackendsTest {

    private final ClassLoader classLoader = getClass().getClassLoader();

    @Test
    void shouldFindTheBackendByName() {
        assertThat(StateBackends.factoryFor(StateConfig.heap(), classLoader))
                .isInstanceOf(HeapStateBackendFactory.class);
    }

    @Test
    void shouldNameTheAvailableBackendsForAnUnknownName() {
        assertThatThrownBy(() -> StateBackends.factoryFor(StateConfig.backend("rocksdb"), classLoader))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("No StateBackendFactory named 'rocksdb'")
                .hasMessageContaining("heap");
    }

    @Test
    void shouldRejectAnOptionTheBackendDoesNotSupport() {
        assertThatThrownBy(() -> StateBackends.factoryFor(StateConfig.heap().option("compression", "lz4"),
                classLoader))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("State backend 'heap' does not support option(s) [compression]. Supported: []");
    }

    @Test
    void shouldAcceptOptionsNamedOrMatchingADeclaredPrefix() {
        Set<String> supported = Set.of("topic.replication", "kafka.*");

        assertThat(StateBackends.isSupported("topic.replication", supported)).isTrue();
        assertThat(StateBackends.isSupported("kafka.bootstrap.servers", supported)).isTrue();
        assertThat(StateBackends.isSupported("kafka", supported)).isFalse();
        assertThat(StateBackends.isSupported("topic", supported)).isFalse();
    }
}
