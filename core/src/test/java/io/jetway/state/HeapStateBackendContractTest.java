package io.jetway.state;

import io.jetway.spi.state.StateBackendFactory;
import io.jetway.spi.tck.StateBackendContractTest;

/** The heap backend honours the state backend contract. */
class HeapStateBackendContractTest extends StateBackendContractTest {

    @Override
    protected StateBackendFactory factory() {
        return new HeapStateBackendFactory();
    }
}
