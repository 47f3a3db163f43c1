package io.jetway.benchmarks.e2e;

import io.jetway.benchmarks.proto.Event;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;

import java.io.IOException;

/**
 * Parses a record value as the benchmark's Protobuf {@link Event}, as Jetway's {@code ProtobufDecoder} and
 * Kafka Streams' serde do: {@code Event.parseFrom} of the {@code byte[]} Flink's Kafka source hands over.
 * The produced type is a generic (Kryo) type; the jobs never ship an {@code Event} between tasks (object reuse
 * on, the source chained to what follows it), so Kryo never runs.
 */
final class FlinkEventDeserializer implements DeserializationSchema<Event> {

    private static final long serialVersionUID = 1L;

    @Override
    public Event deserialize(byte[] message) throws IOException {
        return Event.parseFrom(message);
    }

    @Override
    public boolean isEndOfStream(Event nextElement) {
        return false;
    }

    @Override
    public TypeInformation<Event> getProducedType() {
        return TypeInformation.of(Event.class);
    }
}
