package io.jetway.testing.eos;

import io.jetway.spi.codec.RecordContext;
import io.jetway.spi.codec.RecordDecoder;
import io.jetway.spi.codec.RecordEncoder;

import java.nio.ByteBuffer;

import static java.nio.charset.StandardCharsets.UTF_8;

/** The wire forms of the exactly-once checker's records as Jetway codecs. */
public final class EosCodecs {

    private EosCodecs() {
    }

    /** Decodes {@code id:key:seq}; anything else throws (a poison record). */
    public static final class EventDecoder implements RecordDecoder<EosEvent> {
        @Override
        public EosEvent decode(ByteBuffer key, ByteBuffer value, RecordContext context) {
            return EosEvent.parse(UTF_8.decode(value).toString());
        }
    }

    /** Key = the event's key, value = {@code id:key:seq:state}. */
    public static final class OutputEncoder implements RecordEncoder<EosOutput> {
        @Override
        public ByteBuffer encodeKey(EosOutput item) {
            return ByteBuffer.wrap(item.key().getBytes(UTF_8));
        }

        @Override
        public ByteBuffer encodeValue(EosOutput item) {
            return ByteBuffer.wrap(item.encode().getBytes(UTF_8));
        }
    }
}
