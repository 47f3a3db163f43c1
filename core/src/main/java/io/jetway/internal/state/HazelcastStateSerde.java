package io.jetway.internal.state;

import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.HeapData;
import io.jetway.spi.state.StateSerde;

import java.nio.ByteBuffer;

/**
 * The default state serde: the member's Hazelcast serialization (so every type Hazelcast can store, with
 * the serializers configured on the member). Equal keys of the types users key by (strings, numbers,
 * compact or portable records) give equal bytes.
 */
final class HazelcastStateSerde<T> implements StateSerde<T> {

    private final InternalSerializationService serialization;

    HazelcastStateSerde(InternalSerializationService serialization) {
        this.serialization = serialization;
    }

    @Override
    public byte[] toBytes(T value) {
        return serialization.toBytes(value);
    }

    @Override
    public T fromBytes(ByteBuffer bytes) {
        byte[] copy = new byte[bytes.remaining()];
        bytes.duplicate().get(copy);
        return serialization.toObject(new HeapData(copy));
    }
}
