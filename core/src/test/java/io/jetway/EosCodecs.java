package io.jetway;

import io.jetway.state.KeyedState;
import io.jetway.state.StatefulFunction;
import io.jetway.testing.eos.EosEvent;
import io.jetway.testing.eos.EosOutput;
import io.jetway.testing.eos.StateModel;

/** The exactly-once checker's model as a stateful function (its codecs: {@link io.jetway.testing.eos.EosCodecs}). */
final class EosCodecs {

    private EosCodecs() {
    }

    /** Applies {@code model} with the key's state kept by the state backend; emits one output per event. */
    static StatefulFunction<String, Long, EosEvent, EosOutput> apply(StateModel model) {
        return (KeyedState<Long> state, String key, EosEvent event) -> {
            Long before = state.get();
            long after = model.next(before == null ? 0 : before, event);
            state.set(after);
            return EosOutput.of(event, after);
        };
    }
}
