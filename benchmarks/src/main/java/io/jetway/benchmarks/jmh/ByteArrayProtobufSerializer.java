package io.jetway.benchmarks.jmh;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;
import io.jetway.benchmarks.proto.Event;

import java.io.IOException;

/**
 * The baseline Hazelcast serializer for Protobuf messages, as Hazelcast's own Protobuf extension writes it:
 * {@code writeByteArray(message.toByteArray())} and {@code parseFrom(readByteArray())}.
 */
final class ByteArrayProtobufSerializer implements StreamSerializer<Event> {

    static final int TYPE_ID = 7_001;

    @Override
    public void write(ObjectDataOutput out, Event event) throws IOException {
        out.writeByteArray(event.toByteArray());
    }

    @Override
    public Event read(ObjectDataInput in) throws IOException {
        return Event.parseFrom(in.readByteArray());
    }

    @Override
    public int getTypeId() {
        return TYPE_ID;
    }
}
