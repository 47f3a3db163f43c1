package io.jetway.protobuf.decode;

import com.google.protobuf.DynamicMessage;
import com.hazelcast.function.SupplierEx;
import io.jetway.protobuf.test.BufferKind;
import io.jetway.protobuf.test.ShopEvents;
import io.jetway.protobuf.test.StubContext;
import io.jetway.protobuf.test.shop.Order;
import io.jetway.protobuf.test.shop.Payment;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link DynamicProtobufDecoder}: schema at run time, carried to members as a descriptor set. */
class DynamicProtobufDecoderTest {

    @Test
    void shouldDecodeWhatTheGeneratedDecoderDecodes() throws Exception {
        Random random = new Random(7);
        DynamicProtobufDecoder decoder = DynamicProtobufDecoder.of(Payment.getDescriptor());
        for (int i = 0; i < 100; i++) {
            Payment payment = ShopEvents.payment(random);
            DynamicMessage decoded = decoder.decode(null, BufferKind.values()[i % BufferKind.values().length]
                    .view(payment.toByteArray(), random), new StubContext());
            assertThat(decoded.getDescriptorForType().getFullName()).isEqualTo("shop.Payment");
            assertThat(Payment.parseFrom(decoded.toByteString())).isEqualTo(payment);
        }
    }

    @Test
    void shouldCarryTheDescriptorThroughJavaSerialization() throws Exception {
        SupplierEx<DynamicProtobufDecoder> supplier = deserialize(serialize(
                DynamicProtobufDecoder.supplier(Order.getDescriptor(), ProtobufDecodeOptions.defaults().withoutAliasing())));
        DynamicProtobufDecoder decoder = supplier.get();
        Order order = ShopEvents.order(new Random(8));
        DynamicMessage decoded = decoder.decode(null, ByteBuffer.wrap(order.toByteArray()), null);
        assertThat(decoder.descriptor().getFullName()).isEqualTo("shop.Order");
        assertThat(decoder.descriptor()).as("rebuilt from the descriptor set").isNotSameAs(Order.getDescriptor());
        assertThat(Order.parseFrom(decoded.toByteArray())).isEqualTo(order);
    }

    @Test
    void shouldRejectAnEmptyPayloadWhenAsked() throws Exception {
        DynamicProtobufDecoder strict = DynamicProtobufDecoder.supplier(Payment.getDescriptor(),
                ProtobufDecodeOptions.defaults().failOnEmpty()).get();
        assertThatThrownBy(() -> strict.decode(null, ByteBuffer.allocate(0), null))
                .isInstanceOf(com.google.protobuf.InvalidProtocolBufferException.class)
                .hasMessageStartingWith("cannot parse shop.Payment from the record value (0 bytes): it is empty");
        assertThat(DynamicProtobufDecoder.of(Payment.getDescriptor()).decode(null, ByteBuffer.allocate(0), null)
                .getAllFields()).as("default: an empty message").isEmpty();
    }

    @Test
    void shouldNameTheMissingTypeInADescriptorSet() {
        byte[] set = DescriptorSets.of(Order.getDescriptor());
        assertThatThrownBy(() -> DynamicProtobufDecoder.supplier(set, "shop.Refund", ProtobufDecodeOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("message type 'shop.Refund' is not in the descriptor set")
                .hasMessageContaining("shop.Order");
        assertThat(DescriptorSets.messageType(set, "shop.LineItem").getFullName()).isEqualTo("shop.LineItem");
    }

    private static byte[] serialize(Object o) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    @SuppressWarnings("unchecked")
    private static <T> T deserialize(byte[] bytes) throws Exception {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return (T) in.readObject();
        }
    }
}
