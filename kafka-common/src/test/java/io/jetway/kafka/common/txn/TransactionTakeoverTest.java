package io.jetway.kafka.common.txn;

import org.apache.kafka.clients.admin.TransactionState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link TransactionTakeover}'s rule, state by state, for both transaction protocols. */
class TransactionTakeoverTest {

    private static final PreparedTransaction V1 = new PreparedTransaction("sink-0", 7, (short) 3, false);
    private static final PreparedTransaction V2 = new PreparedTransaction("sink-0", 7, (short) 3, true);

    @Test
    void shouldSeeNoTakeoverWhileTheTransactionIsOursOrCommittedByUs() {
        assertThat(TransactionTakeover.isTakenOver(V1, 7, 3, TransactionState.ONGOING)).isFalse();
        assertThat(TransactionTakeover.isTakenOver(V1, 7, 3, TransactionState.COMPLETE_COMMIT)).isFalse();
        assertThat(TransactionTakeover.isTakenOver(V2, 7, 3, TransactionState.ONGOING)).isFalse();
        assertThat(TransactionTakeover.isTakenOver(V2, 7, 4, TransactionState.PREPARE_COMMIT)).isFalse();
        assertThat(TransactionTakeover.isTakenOver(V2, 7, 4, TransactionState.COMPLETE_COMMIT)).isFalse();
    }

    @Test
    void shouldSeeATakeoverWhenAnotherProducerOwnsTheId() {
        assertThat(TransactionTakeover.isTakenOver(V1, 8, 0, TransactionState.EMPTY)).isTrue();
        assertThat(TransactionTakeover.isTakenOver(V2, 8, 0, TransactionState.COMPLETE_COMMIT)).isTrue();
    }

    @Test
    void shouldSeeATakeoverWhenTheEpochMovedBeyondOurOwnCommit() {
        assertThat(TransactionTakeover.isTakenOver(V1, 7, 4, TransactionState.EMPTY)).isTrue();
        assertThat(TransactionTakeover.isTakenOver(V1, 7, 4, TransactionState.COMPLETE_ABORT)).isTrue();
        assertThat(TransactionTakeover.isTakenOver(V2, 7, 5, TransactionState.EMPTY)).isTrue();
        assertThat(TransactionTakeover.isTakenOver(V2, 7, 5, TransactionState.COMPLETE_COMMIT)).isTrue();
    }

    @Test
    void shouldSeeATakeoverWhenOurTransactionWasAbortedOrIsBeingFenced() {
        assertThat(TransactionTakeover.isTakenOver(V2, 7, 4, TransactionState.COMPLETE_ABORT)).isTrue();
        assertThat(TransactionTakeover.isTakenOver(V2, 7, 4, TransactionState.PREPARE_ABORT)).isTrue();
        assertThat(TransactionTakeover.isTakenOver(V1, 7, 3, TransactionState.PREPARE_EPOCH_FENCE)).isTrue();
    }
}
