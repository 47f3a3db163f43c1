package io.jetway.protobuf.serialization;

import io.jetway.protobuf.test.shop.Payment;

/**
 * Registers {@code shop.Payment}'s stream serializer in every member of the test JVM through
 * {@code META-INF/services/com.hazelcast.SerializerHook}, as a user's jar would.
 */
public final class PaymentSerializerHook extends ProtobufSerializerHook<Payment> {

    public PaymentSerializerHook() {
        super(Payment.class);
    }
}
