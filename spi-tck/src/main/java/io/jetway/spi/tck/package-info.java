/**
 * The test kit of the state SPI: abstract JUnit 5 contract tests that a third-party state backend extends to
 * prove it honours the SPI ({@link io.jetway.spi.tck.StateBackendContractTest}), and the fakes they drive a
 * backend with, for a backend's own tests and benchmarks too: {@link io.jetway.spi.tck.FakeStateBackendContext}
 * (what Jet tells a backend about its processor) and {@link io.jetway.spi.tck.SnapshotStore} (Jet's part in
 * the snapshot protocol, including snapshots taken while a processor is still opening).
 */
package io.jetway.spi.tck;
