package io.jetway.protobuf.decode;

import io.jetway.codec.RecordDecoders;
import io.jetway.protobuf.test.ShopEvents;
import io.jetway.protobuf.test.shop.Order;
import io.jetway.protobuf.test.shop.Payment;
import io.jetway.spi.NamedServiceLoader;
import io.jetway.spi.codec.RecordDecoder;
import io.jetway.spi.codec.RecordDecoderFactory;
import io.jetway.spi.codec.RecordEncoder;
import io.jetway.spi.codec.RecordEncoderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The "protobuf" and "protobuf-dynamic" factories, found by name as a job configuration finds them. */
class ProtobufCodecFactoriesTest {

    private static final ClassLoader LOADER = ProtobufCodecFactoriesTest.class.getClassLoader();

    @Test
    void shouldCreateAConfiguredDecoderByName() throws Exception {
        RecordDecoder<?> decoder = NamedServiceLoader.byName(RecordDecoderFactory.class, "protobuf", LOADER)
                .create(Map.of("message-class", Payment.class.getName(), "part", "key", "aliasing", "false",
                        "on-null", "empty-message"));
        assertThat(decoder).isInstanceOf(ProtobufDecoder.class);
        assertThat(((ProtobufDecoder<?>) decoder).options()).isEqualTo(ProtobufDecodeOptions.defaults().fromKey()
                .withoutAliasing().onNull(NullPolicy.EMPTY_MESSAGE));
        Payment payment = ShopEvents.samplePayment("k");
        assertThat(decoder.decode(ByteBuffer.wrap(payment.toByteArray()), null, null)).isEqualTo(payment);
        assertThat(decoder.decode(null, null, null)).isEqualTo(Payment.getDefaultInstance());
    }

    @Test
    void shouldWorkThroughRecordDecodersByName() throws Exception {
        RecordDecoder<Order> decoder = RecordDecoders.<Order>byName("protobuf",
                Map.of("message-class", Order.class.getName())).get();
        Order order = ShopEvents.order(new java.util.Random(10));
        assertThat(decoder.decode(null, ByteBuffer.wrap(order.toByteArray()), null)).isEqualTo(order);
    }

    @Test
    void shouldNameTheWrongOption() {
        RecordDecoderFactory factory = NamedServiceLoader.byName(RecordDecoderFactory.class, "protobuf", LOADER);
        assertThatThrownBy(() -> factory.create(Map.of()))
                .hasMessage("'protobuf': option 'message-class' is required");
        assertThatThrownBy(() -> factory.create(Map.of("message-class", "shop.Nope")))
                .hasMessageStartingWith("option 'message-class': class shop.Nope not found");
        assertThatThrownBy(() -> factory.create(Map.of("message-class", String.class.getName())))
                .hasMessageContaining("java.lang.String is not a Protobuf message class");
        assertThatThrownBy(() -> factory.create(Map.of("message-class", Payment.class.getName(), "aliasing", "yes")))
                .hasMessage("'protobuf': option 'aliasing' is 'yes'; expected true or false");
        assertThatThrownBy(() -> factory.create(Map.of("message-class", Payment.class.getName(), "messageClass", "x")))
                .hasMessageStartingWith("'protobuf': unknown option(s) [messageClass]; supported: ");
        assertThatThrownBy(() -> factory.create(Map.of("message-class", Payment.class.getName(), "on-null", "skip")))
                .hasMessage("'protobuf': option 'on-null' is 'skip'; expected one of filter, fail, empty-message");
        assertThatThrownBy(() -> factory.create(Map.of("message-class", Payment.class.getName(), "on-empty", "skip")))
                .hasMessage("'protobuf': option 'on-empty' is 'skip'; expected one of empty-message, fail");
    }

    @Test
    void shouldTreatEmptyPayloadsAsErrorsWhenOptionOnEmptyIsFail(@TempDir Path dir) throws Exception {
        RecordDecoder<Payment> byName = RecordDecoders.<Payment>byName("protobuf",
                Map.of("message-class", Payment.class.getName(), "on-empty", "fail")).get();
        assertThat(((ProtobufDecoder<?>) byName).options()).isEqualTo(ProtobufDecodeOptions.defaults().failOnEmpty());
        assertThatThrownBy(() -> byName.decode(null, ByteBuffer.allocate(0), null))
                .hasMessageStartingWith("cannot parse shop.Payment from the record value (0 bytes): it is empty");
        RecordDecoder<Payment> lenient = RecordDecoders.<Payment>byName("protobuf",
                Map.of("message-class", Payment.class.getName(), "on-empty", "empty-message")).get();
        assertThat(lenient.decode(null, ByteBuffer.allocate(0), null)).isEqualTo(Payment.getDefaultInstance());

        Path file = dir.resolve("shop.desc");
        Files.write(file, DescriptorSets.of(Payment.getDescriptor()));
        RecordDecoder<?> dynamic = RecordDecoders.byName("protobuf-dynamic", Map.of("descriptor-set-file",
                file.toString(), "message-type", "shop.Payment", "on-empty", "fail")).get();
        assertThatThrownBy(() -> dynamic.decode(null, ByteBuffer.allocate(0), null))
                .hasMessageStartingWith("cannot parse shop.Payment from the record value (0 bytes): it is empty");
    }

    @Test
    void shouldCreateADynamicDecoderFromADescriptorSetFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("shop.desc");
        Files.write(file, DescriptorSets.of(Payment.getDescriptor()));
        RecordDecoder<?> decoder = NamedServiceLoader.byName(RecordDecoderFactory.class, "protobuf-dynamic", LOADER)
                .create(Map.of("descriptor-set-file", file.toString(), "message-type", "shop.Payment"));
        Payment payment = ShopEvents.samplePayment("d");
        Object decoded = decoder.decode(null, ByteBuffer.wrap(payment.toByteArray()), null);
        assertThat(Payment.parseFrom(((com.google.protobuf.Message) decoded).toByteString())).isEqualTo(payment);
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldCreateAnEncoderWithAKeyFieldByName() throws Exception {
        RecordEncoderFactory factory = NamedServiceLoader.byName(RecordEncoderFactory.class, "protobuf", LOADER);
        RecordEncoder<Payment> encoder = (RecordEncoder<Payment>) factory.create(
                Map.of("key-field", "payment_id", "message-class", Payment.class.getName()));
        Payment payment = ShopEvents.samplePayment("e-1");
        assertThat(UTF_8.decode(encoder.encodeKey(payment)).toString()).isEqualTo("e-1");
        assertThat(Payment.parseFrom(encoder.encodeValue(payment))).isEqualTo(payment);
        assertThatThrownBy(() -> factory.create(Map.of("key-field", "paymentId", "message-class",
                Payment.class.getName())))
                .hasMessageContaining("key field 'paymentId' not found in shop.Payment; its fields: [payment_id,");
    }
}
