package io.jetway.internal.state;

import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.HeapData;
import io.jetway.spi.state.StateSerde;

import java.nio.ByteBuffer;

/**
 * The default state serde: the member's Hazelcast serialization (so every type Hazelcast can store, with
 * the serializers configured on the member). Equal keys of the types users key by (strings, numbers,
 * compact or portable records) give equal bytes. Strings, longs and integers take a
 * {@link HazelcastBytesFastPath} that writes the same bytes, when the member's serialization allows it.
 */
final class HazelcastStateSerde<T> implements StateSerde<T> {

    private final InternalSerializationService serialization;
    private final HazelcastBytesFastPath fastPath;

    HazelcastStateSerde(InternalSerializationService serialization) {
        this.serialization = serialization;
        this.fastPath = HazelcastBytesFastPath.verifiedFor(serialization);
    }

    @Override
    public byte[] toBytes(T value) {
        byte[] bytes = fastPath == null ? null : fastPath.toBytes(value);
        return bytes != null ? bytes : serialization.toBytes(value);
    }

    @Override
    @SuppressWarnings("unchecked")
    public T fromBytes(ByteBuffer bytes) {
        Object fast = fastPath == null ? null : fastPath.fromBytes(bytes);
        if (fast != null) {
            return (T) fast;
        }
        byte[] copy = new byte[bytes.remaining()];
        bytes.duplicate().get(copy);
        return serialization.toObject(new HeapData(copy));
    }
}
