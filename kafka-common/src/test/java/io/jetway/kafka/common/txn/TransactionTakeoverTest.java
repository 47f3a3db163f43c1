package io.jetway.kafka.common.txn;

import org.apache.kafka.clients.admin.TransactionState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TransactionTakeover}'s rule, state by state, for both transaction protocols: our transaction was
 * prepared by producer id 7 at epoch 3.
 */
class TransactionTakeoverTest {

    @ParameterizedTest(name = "protocol {0}: producer id {1}, epoch {2}, {3}")
    @CsvSource({
            "1, 7, 3, ONGOING",             // prepared, not committed yet
            "1, 7, 3, COMPLETE_COMMIT",     // our commit (protocol 1 keeps the epoch)
            "2, 7, 3, ONGOING",
            "2, 7, 4, PREPARE_COMMIT",      // our commit (protocol 2 bumps the epoch)
            "2, 7, 4, COMPLETE_COMMIT"})
    void shouldSeeNoTakeoverWhileTheTransactionIsOursOrCommittedByUs(int protocol, long producerId, int epoch,
                                                                     TransactionState state) {
        assertThat(TransactionTakeover.isTakenOver(prepared(protocol), producerId, epoch, state)).isFalse();
    }

    @ParameterizedTest(name = "protocol {0}: producer id {1}, epoch {2}, {3}")
    @CsvSource({
            "1, 8, 0, EMPTY",               // another producer id
            "2, 8, 0, COMPLETE_COMMIT",
            "1, 7, 4, EMPTY",               // an epoch beyond our own commit
            "1, 7, 4, COMPLETE_ABORT",
            "2, 7, 5, EMPTY",
            "2, 7, 5, COMPLETE_COMMIT",
            "2, 7, 4, COMPLETE_ABORT",      // our transaction aborted
            "2, 7, 4, PREPARE_ABORT",
            "1, 7, 3, PREPARE_EPOCH_FENCE"})  // a fence under way
    void shouldSeeATakeoverOtherwise(int protocol, long producerId, int epoch, TransactionState state) {
        assertThat(TransactionTakeover.isTakenOver(prepared(protocol), producerId, epoch, state)).isTrue();
    }

    private static PreparedTransaction prepared(int protocol) {
        return new PreparedTransaction("sink-0", 7, (short) 3, protocol == 2);
    }
}
