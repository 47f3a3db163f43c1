package io.jetway.soak;

import io.jetway.state.KeyedState;
import io.jetway.state.StatefulFunction;
import io.jetway.testing.eos.EosEvent;
import io.jetway.testing.eos.EosOutput;
import io.jetway.testing.eos.StateModel;



/**
 * The soak's computation: a running count and sum per account. An input event ({@link EosEvent}, the key is the
 * account) carries the amount {@code 1 + id % 97}; its output ({@link EosOutput}) carries the event id, the
 * account, the event's sequence number and the account's state after it, written as
 * {@code count * 1,000,000 + sum} so that the checker's single {@code long} holds both and stays readable
 * ({@code 52004711}: 52 events, sum 4,711). A sum stays below 1,000,000 up to about 10,000 events per account.
 */
final class AccountModel {

    /** The factor that puts the count above the sum in one {@code long}. */
    static final long COUNT_UNIT = 1_000_000L;

    private AccountModel() {
    }

    /** The fold the job applies and the checker replays without faults. */
    static StateModel countAndSum() {
        return (state, event) -> state + COUNT_UNIT + amount(event);
    }

    /** The amount an event adds to its account's sum. */
    static long amount(EosEvent event) {
        return 1 + event.id() % 97;
    }

    /** {@code count=52 sum=4711} for a packed state, for reports. */
    static String describe(long state) {
        return "count=" + state / COUNT_UNIT + " sum=" + state % COUNT_UNIT;
    }

    /** Applies {@code model} with the account's state kept by the state backend; one output per event. */
    static StatefulFunction<String, Long, EosEvent, EosOutput> apply(StateModel model) {
        return (KeyedState<Long> state, String account, EosEvent event) -> {
            Long before = state.get();
            long after = model.next(before == null ? 0 : before, event);
            state.set(after);
            return EosOutput.of(event, after);
        };
    }
}
