package io.jetway.sink;

import io.jetway.spi.codec.RecordContext;
import io.jetway.spi.codec.RecordDecoder;
import io.jetway.spi.codec.RecordEncoder;
import io.jetway.state.KeyedState;
import io.jetway.state.StatefulFunction;
import io.jetway.testing.eos.EosEvent;
import io.jetway.testing.eos.EosOutput;
import io.jetway.testing.eos.StateModel;

import java.nio.ByteBuffer;

import static java.nio.charset.StandardCharsets.UTF_8;

/** The wire forms of the exactly-once checker's records as Jetway codecs, and its model as a stateful function. */
final class EosCodecs {

    private EosCodecs() {
    }

    /** Decodes {@code id:key:seq}; anything else throws (poison records go to the dead-letter topic). */
    static final class EventDecoder implements RecordDecoder<EosEvent> {
        @Override
        public EosEvent decode(ByteBuffer key, ByteBuffer value, RecordContext context) {
            return EosEvent.parse(UTF_8.decode(value).toString());
        }
    }

    /** Key = the event's key, value = {@code id:key:seq:state}. */
    static final class OutputEncoder implements RecordEncoder<EosOutput> {
        @Override
        public ByteBuffer encodeKey(EosOutput item) {
            return ByteBuffer.wrap(item.key().getBytes(UTF_8));
        }

        @Override
        public ByteBuffer encodeValue(EosOutput item) {
            return ByteBuffer.wrap(item.encode().getBytes(UTF_8));
        }
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
