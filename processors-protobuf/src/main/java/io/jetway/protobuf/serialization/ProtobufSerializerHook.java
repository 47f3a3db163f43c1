package io.jetway.protobuf.serialization;

import com.google.protobuf.Message;
import com.hazelcast.nio.serialization.Serializer;
import com.hazelcast.nio.serialization.SerializerHook;

import static java.util.Objects.requireNonNull;

/**
 * Registers a {@link ProtobufStreamSerializer} for one message class without touching the member's
 * configuration. Hazelcast finds hooks in a jar's {@code META-INF/services/com.hazelcast.SerializerHook}
 * (read by Hazelcast's own loader, one class name per line) and a hook names one concrete class, so
 * subclass this once per message type:
 * <pre>{@code
 * public final class PaymentSerializerHook extends ProtobufSerializerHook<Payment> {
 *     public PaymentSerializerHook() { super(Payment.class); }            // or super(Payment.class, 1001)
 * }
 * // META-INF/services/com.hazelcast.SerializerHook:
 * // com.example.PaymentSerializerHook
 * }</pre>
 * The hook is overwritable: a serializer configured for the same class in the member configuration wins.
 * Hooks can register stream serializers only, not Compact ones: use
 * {@link ProtobufSerialization#registerCompact} for those.
 *
 * @param <T> the message type
 */
public abstract class ProtobufSerializerHook<T extends Message> implements SerializerHook<T> {

    private final Class<T> type;
    private final int typeId;

    /** A hook for {@code type} with the type id of {@link ProtobufTypeIds#hashed()}. */
    protected ProtobufSerializerHook(Class<T> type) {
        this(type, ProtobufTypeIds.hashed().typeIdOf(type));
    }

    /** A hook for {@code type} with an explicit, positive type id. */
    protected ProtobufSerializerHook(Class<T> type, int typeId) {
        this.type = requireNonNull(type, "type cannot be null");
        this.typeId = typeId;
    }

    @Override
    public final Class<T> getSerializationType() {
        return type;
    }

    @Override
    public final Serializer createSerializer() {
        return new ProtobufStreamSerializer<>(type, typeId);
    }

    @Override
    public final boolean isOverwritable() {
        return true;
    }
}
