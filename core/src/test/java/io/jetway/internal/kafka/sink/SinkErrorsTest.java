package io.jetway.internal.kafka.sink;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failed commits {@link SinkErrors} sends to the transaction coordinator for a second opinion. */
class SinkErrorsTest {

    private static final long TIMEOUT_MS = 60_000;

    @Test
    void shouldAskTheCoordinatorAboutErrorsThatMayHideATakeover() {
        assertThat(SinkErrors.mayHideTakeover(commitFailed(new KafkaException("Unhandled error in EndTxnResponse")),
                1_000, TIMEOUT_MS)).as("unexpected server error").isTrue();
        assertThat(SinkErrors.mayHideTakeover(commitFailed(new InvalidTxnStateException("invalid state")),
                1_000, TIMEOUT_MS)).as("invalid transaction state").isTrue();
    }

    @Test
    void shouldNotAskAboutFencesTimeoutsOrTransientTrouble() {
        assertThat(SinkErrors.mayHideTakeover(commitFailed(new ProducerFencedException("fenced")),
                1_000, TIMEOUT_MS)).as("fenced").isFalse();
        assertThat(SinkErrors.mayHideTakeover(commitFailed(new InvalidTxnStateException("invalid state")),
                TIMEOUT_MS, TIMEOUT_MS)).as("older than transaction.timeout.ms").isFalse();
        assertThat(SinkErrors.mayHideTakeover(commitFailed(new TimeoutException("broker down")),
                1_000, TIMEOUT_MS)).as("broker unreachable").isFalse();
    }

    private static RuntimeException commitFailed(Exception cause) {
        return new IllegalStateException("Cannot commit t-0 of snapshot 3: " + cause, cause);
    }
}
