package io.jetway.examples.imapstate;

import com.hazelcast.core.HazelcastInstance;
import io.jetway.spi.NamedServiceLoader;
import io.jetway.spi.state.StateBackendFactory;
import io.jetway.spi.tck.StateBackendContractTest;
import io.jetway.testing.HazelcastClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** The "imap" backend, found by name through ServiceLoader, honours the state backend contract on a 2-member cluster. */
class IMapStateBackendContractTest extends StateBackendContractTest {

    @RegisterExtension
    static final HazelcastClusterExtension HZ = HazelcastClusterExtension.of(2);

    @Override
    protected StateBackendFactory factory() {
        return NamedServiceLoader.byName(StateBackendFactory.class, "imap", getClass().getClassLoader());
    }

    @Override
    protected HazelcastInstance hazelcastInstance() {
        return HZ.cluster().member(0);
    }

    @Test
    void shouldBeFoundByNameFromItsOwnJar() {
        assertThat(factory()).isInstanceOf(IMapStateBackendFactory.class);
        assertThat(NamedServiceLoader.available(StateBackendFactory.class, getClass().getClassLoader()))
                .containsKey("imap");
    }
}
