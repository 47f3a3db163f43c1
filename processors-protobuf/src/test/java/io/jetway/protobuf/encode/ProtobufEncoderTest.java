package io.jetway.protobuf.encode;

import io.jetway.protobuf.test.ShopEvents;
import io.jetway.protobuf.test.shop.Order;
import io.jetway.protobuf.test.shop.Payment;
import io.jetway.protobuf.test.shop.PaymentStatus;
import org.apache.kafka.common.serialization.ByteBufferSerializer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.util.Random;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link ProtobufEncoder}: the producer gets the encoder's array itself; keys from functions and fields. */
class ProtobufEncoderTest {

    @Test
    void shouldHandTheProducerTheEncodedArrayWithoutACopy() {
        Random random = new Random(9);
        try (ByteBufferSerializer kafkaSerializer = new ByteBufferSerializer()) {
            for (int i = 0; i < 100; i++) {
                Payment payment = ShopEvents.payment(random);
                ByteBuffer value = ProtobufEncoder.<Payment>valueOnly().encodeValue(payment);
                assertThat(value.arrayOffset()).isZero();
                assertThat(value.position()).isZero();
                assertThat(value.remaining()).isEqualTo(value.array().length).isEqualTo(payment.getSerializedSize());
                byte[] sent = kafkaSerializer.serialize("t", value);
                assertThat(sent).as("kafka-clients' ByteBufferSerializer sends the array as is").isSameAs(value.array());
                assertThat(sent).isEqualTo(payment.toByteArray());
            }
        }
    }

    @Test
    void shouldEncodeKeysFromFunctionsAndFields() throws Exception {
        Payment payment = ShopEvents.samplePayment("p-7");
        assertThat(ProtobufEncoder.<Payment>valueOnly().encodeKey(payment)).isNull();
        assertThat(utf8(ProtobufEncoder.withStringKey(Payment::getPaymentId).encodeKey(payment))).isEqualTo("p-7");
        assertThat(ProtobufEncoder.<Payment>withMessageKey(p -> p.getAmount()).encodeKey(payment))
                .isEqualTo(ByteBuffer.wrap(payment.getAmount().toByteArray()));
        assertThat(utf8(ProtobufEncoder.<Payment>withKeyField("order_id").encodeKey(payment))).isEqualTo("order-p-7");
        assertThat(utf8(ProtobufEncoder.<Payment>withKeyField("status").encodeKey(payment)))
                .as("enum by name").isEqualTo(PaymentStatus.CAPTURED.name());
        assertThat(utf8(ProtobufEncoder.<Payment>withKeyField("attempt")
                .encodeKey(payment.toBuilder().setAttempt(-1).build()))).as("uint32 unsigned").isEqualTo("4294967295");
        assertThat(ProtobufEncoder.<Order>withKeyField("note").encodeKey(Order.getDefaultInstance()))
                .as("unset optional field: no key").isNull();
        assertThatThrownBy(() -> ProtobufEncoder.<Payment>withKeyField("customer").encodeKey(payment))
                .hasMessageContaining("key field 'shop.Payment.customer' must be a singular scalar");
        assertThatThrownBy(() -> ProtobufEncoder.<Payment>withKeyField("nope").encodeKey(payment))
                .hasMessageContaining("key field 'nope' not found in shop.Payment");
    }

    @Test
    void shouldSupplyWorkingCopiesAfterJavaSerialization() throws Exception {
        var supplier = ProtobufEncoder.withStringKey(Payment::getPaymentId).supplier();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(supplier);
        }
        Object copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = in.readObject();
        }
        @SuppressWarnings("unchecked")
        ProtobufEncoder<Payment> encoder = ((com.hazelcast.function.SupplierEx<ProtobufEncoder<Payment>>) copy).get();
        Payment payment = ShopEvents.samplePayment("p-8");
        assertThat(utf8(encoder.encodeKey(payment))).isEqualTo("p-8");
        assertThat(Payment.parseFrom(encoder.encodeValue(payment))).isEqualTo(payment);
    }

    private static String utf8(ByteBuffer buffer) {
        return UTF_8.decode(buffer.duplicate()).toString();
    }
}
