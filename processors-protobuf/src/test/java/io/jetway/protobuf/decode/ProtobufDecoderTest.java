package io.jetway.protobuf.decode;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.jetway.protobuf.internal.BufferParser;
import io.jetway.protobuf.test.BufferKind;
import io.jetway.protobuf.test.PoisonPayloads;
import io.jetway.protobuf.test.ShopEvents;
import io.jetway.protobuf.test.StubContext;
import io.jetway.protobuf.test.shop.LegacyRefund;
import io.jetway.protobuf.test.shop.Order;
import io.jetway.protobuf.test.shop.Payment;
import io.jetway.spi.codec.RecordContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link ProtobufDecoder}: round trips from every kind of buffer, aliasing, nulls, keys, malformed input. */
class ProtobufDecoderTest {

    private static final int MESSAGES = 300;
    private static final RecordContext NO_CONTEXT = new StubContext();

    /**
     * Random payments and orders, serialized, placed inside larger buffers of each kind, decoded by one decoder
     * per kind (so its scratch array is reused), must equal the originals, also after all were decoded (a
     * message decoded from the scratch array must not change when the next record overwrites it), and the
     * views must not have moved.
     */
    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void shouldRoundTripRandomMessagesFromEveryKindOfBuffer(BufferKind kind) throws Exception {
        for (ProtobufDecodeOptions options : List.of(ProtobufDecodeOptions.defaults(),
                ProtobufDecodeOptions.defaults().withoutAliasing())) {
            Random random = new Random(42 + kind.ordinal());
            ProtobufDecoder<Payment> payments = ProtobufDecoder.of(Payment.class, options);
            ProtobufDecoder<Order> orders = ProtobufDecoder.of(Order.class, options);
            List<Object> originals = new ArrayList<>();
            List<Object> decoded = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                Payment payment = ShopEvents.payment(random);
                Order order = ShopEvents.order(random);
                originals.add(payment);
                originals.add(order);
                decoded.add(decodeUnmoved(payments, kind.view(payment.toByteArray(), random)));
                decoded.add(decodeUnmoved(orders, kind.view(order.toByteArray(), random)));
                assertThat(decoded.get(decoded.size() - 2)).as("payment %d from %s, %s", i, kind, options)
                        .isEqualTo(payment);
                assertThat(decoded.get(decoded.size() - 1)).as("order %d from %s, %s", i, kind, options)
                        .isEqualTo(order);
            }
            assertThat(decoded).as("all messages after the last decode, %s, %s", kind, options)
                    .containsExactlyElementsOf(originals);
        }
    }

    private static <T> T decodeUnmoved(ProtobufDecoder<? extends T> decoder, ByteBuffer value) throws Exception {
        int position = value.position();
        int limit = value.limit();
        T message = decoder.decode(null, value, NO_CONTEXT);
        assertThat(value.position()).as("position").isEqualTo(position);
        assertThat(value.limit()).as("limit").isEqualTo(limit);
        return message;
    }

    @Test
    void shouldAliasTheHeapBufferOnlyWhenAliasingIsOn() throws Exception {
        Payment payment = Payment.newBuilder().setPaymentId("p-1").setSignature(ByteString.copyFromUtf8("signed"))
                .build();
        byte[] aliased = payment.toByteArray();
        byte[] copied = aliased.clone();
        Payment withAliasing = ProtobufDecoder.of(Payment.class).decode(null, ByteBuffer.wrap(aliased), NO_CONTEXT);
        Payment withoutAliasing = ProtobufDecoder.of(Payment.class, ProtobufDecodeOptions.defaults().withoutAliasing())
                .decode(null, ByteBuffer.wrap(copied), NO_CONTEXT);

        overwrite(aliased, "signed");
        overwrite(copied, "signed");

        assertThat(withAliasing.getSignature().toStringUtf8()).as("bytes field shares the buffer").isEqualTo("XXXXXX");
        assertThat(withoutAliasing.getSignature().toStringUtf8()).as("bytes field is a copy").isEqualTo("signed");
        assertThat(withAliasing.getPaymentId()).as("strings are always copies").isEqualTo("p-1");
    }

    @ParameterizedTest
    @EnumSource(value = BufferKind.class, names = {"DIRECT", "READ_ONLY_HEAP", "READ_ONLY_DIRECT"})
    void shouldNeverAliasBuffersWithoutAnAccessibleArray(BufferKind kind) throws Exception {
        Payment payment = Payment.newBuilder().setSignature(ByteString.copyFromUtf8("signed")).build();
        ByteBuffer view = kind.view(payment.toByteArray(), new Random(1));
        Payment decoded = ProtobufDecoder.of(Payment.class).decode(null, view, NO_CONTEXT);
        if (!view.isReadOnly()) {
            view.put(view.limit() - 1, (byte) 'X');
        }
        ProtobufDecoder.of(Payment.class).decode(null, kind.view(new byte[]{0x62, 0x01, 'Y'}, new Random(2)), NO_CONTEXT);
        assertThat(decoded.getSignature().toStringUtf8()).isEqualTo("signed");
    }

    @Test
    void shouldDecodeRecordsLargerThanTheScratchLimitFromDirectBuffers() throws Exception {
        Payment big = Payment.newBuilder().setPaymentId("big")
                .setSignature(ShopEvents.bytes(new Random(3), BufferParser.MAX_SCRATCH_BYTES + 10)).build();
        ProtobufDecoder<Payment> decoder = ProtobufDecoder.of(Payment.class);
        assertThat(decoder.decode(null, BufferKind.DIRECT.view(big.toByteArray(), new Random(4)), NO_CONTEXT))
                .isEqualTo(big);
        Payment small = ShopEvents.samplePayment("small");
        assertThat(decoder.decode(null, BufferKind.DIRECT.view(small.toByteArray(), new Random(5)), NO_CONTEXT))
                .isEqualTo(small);
    }

    @Test
    void shouldDecodeTheKeyWhenAsked() throws Exception {
        Order key = Order.newBuilder().setOrderId("key").build();
        Payment value = ShopEvents.samplePayment("value");
        Order decoded = ProtobufDecoder.of(Order.class, ProtobufDecodeOptions.defaults().fromKey())
                .decode(ByteBuffer.wrap(key.toByteArray()), ByteBuffer.wrap(value.toByteArray()), NO_CONTEXT);
        assertThat(decoded).isEqualTo(key);
    }

    @Test
    void shouldFilterFailOrEmptyOnNullAsConfigured() throws Exception {
        assertThat(ProtobufDecoder.of(Payment.class).decode(null, null, NO_CONTEXT)).as("tombstone filtered").isNull();
        assertThat(ProtobufDecoder.of(Payment.class, ProtobufDecodeOptions.defaults().onNull(NullPolicy.EMPTY_MESSAGE))
                .decode(null, null, NO_CONTEXT)).isEqualTo(Payment.getDefaultInstance());
        assertThatThrownBy(() -> ProtobufDecoder.of(Payment.class, ProtobufDecodeOptions.defaults().onNull(NullPolicy.FAIL))
                .decode(null, null, NO_CONTEXT))
                .isInstanceOf(InvalidProtocolBufferException.class)
                .hasMessage("cannot parse shop.Payment: the record value is null (a tombstone)");
        assertThatThrownBy(() -> ProtobufDecoder.of(Order.class,
                ProtobufDecodeOptions.defaults().fromKey().onNull(NullPolicy.FAIL)).decode(null, null, NO_CONTEXT))
                .hasMessage("cannot parse shop.Order: the record key is null");
        assertThat(ProtobufDecoder.of(Payment.class).decode(null, ByteBuffer.allocate(0), NO_CONTEXT))
                .as("empty bytes are a valid, empty message").isEqualTo(Payment.getDefaultInstance());
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void shouldRejectAnEmptyPayloadOnlyWhenAsked(BufferKind kind) throws Exception {
        Random random = new Random(3);
        ProtobufDecoder<Payment> strict = ProtobufDecoder.of(Payment.class,
                ProtobufDecodeOptions.defaults().failOnEmpty());
        assertThat(strict.options().failsOnEmpty()).isTrue();
        assertThat(ProtobufDecodeOptions.defaults().failsOnEmpty()).as("default: Protobuf's reading").isFalse();
        assertThat(ProtobufDecoder.of(Payment.class).decode(null, kind.view(new byte[0], random), NO_CONTEXT))
                .isEqualTo(Payment.getDefaultInstance());

        assertThatThrownBy(() -> strict.decode(null, kind.view(new byte[0], random), NO_CONTEXT))
                .isInstanceOf(InvalidProtocolBufferException.class)
                .hasMessage("cannot parse shop.Payment from the record value (0 bytes): it is empty, and this decoder "
                        + "treats an empty payload as an error (ProtobufDecodeOptions.failOnEmpty, "
                        + "option on-empty=fail)");
        Payment payment = ShopEvents.samplePayment("p");
        assertThat(strict.decode(null, kind.view(payment.toByteArray(), random), NO_CONTEXT)).isEqualTo(payment);
        assertThat(strict.decode(null, null, NO_CONTEXT)).as("null still follows the NullPolicy").isNull();
        assertThatThrownBy(() -> ProtobufDecoder.of(Order.class, ProtobufDecodeOptions.defaults().fromKey()
                .failOnEmpty()).decode(kind.view(new byte[0], random), null, NO_CONTEXT))
                .hasMessageStartingWith("cannot parse shop.Order from the record key (0 bytes): it is empty");
        assertThat(ProtobufDecodeOptions.defaults().failOnEmpty().emptyAsMessage())
                .isEqualTo(ProtobufDecodeOptions.defaults());
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void shouldRejectMalformedPayloadsNamingTheTypeAndTheParsersReason(BufferKind kind) {
        ProtobufDecoder<Payment> decoder = ProtobufDecoder.of(Payment.class);
        PoisonPayloads.ALL.forEach((name, payload) -> {
            byte[] bytes = payload.getKey();
            assertThatThrownBy(() -> decoder.decode(null, kind.view(bytes, new Random(6)), NO_CONTEXT))
                    .as(name)
                    .isInstanceOf(InvalidProtocolBufferException.class)
                    .hasMessageStartingWith("cannot parse shop.Payment from the record value (" + bytes.length
                            + " bytes): ")
                    .hasMessageContaining(payload.getValue())
                    .hasCauseInstanceOf(InvalidProtocolBufferException.class);
        });
    }

    @Test
    void shouldRejectAnEndGroupTagAtTopLevel() {
        byte[] bytes = Arrays.copyOf(Payment.newBuilder().setPaymentId("p").build().toByteArray(), 5);
        bytes[3] = 0x0C;   // field 1, wire type 4 (end group): would end the message early
        bytes[4] = 0x0A;
        assertThatThrownBy(() -> ProtobufDecoder.of(Payment.class).decode(null, ByteBuffer.wrap(bytes), NO_CONTEXT))
                .isInstanceOf(InvalidProtocolBufferException.class)
                .hasMessageStartingWith("cannot parse shop.Payment from the record value (5 bytes)");
    }

    @Test
    void shouldRejectProto2MessagesMissingRequiredFields() throws Exception {
        ProtobufDecoder<LegacyRefund> decoder = ProtobufDecoder.of(LegacyRefund.class);
        LegacyRefund refund = LegacyRefund.newBuilder().setRefundId("r-1").setAmountCents(250).build();
        assertThat(decoder.decode(null, ByteBuffer.wrap(refund.toByteArray()), NO_CONTEXT)).isEqualTo(refund);
        byte[] withoutId = LegacyRefund.newBuilder().setAmountCents(250).buildPartial().toByteArray();
        assertThatThrownBy(() -> decoder.decode(null, ByteBuffer.wrap(withoutId), NO_CONTEXT))
                .isInstanceOf(InvalidProtocolBufferException.class)
                .hasMessageStartingWith("cannot parse shop.LegacyRefund from the record value (3 bytes): ")
                .hasMessageContaining("missing required fields: refund_id");
        assertThatThrownBy(() -> ProtobufDecoder.of(LegacyRefund.class,
                ProtobufDecodeOptions.defaults().onNull(NullPolicy.EMPTY_MESSAGE)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("NullPolicy.EMPTY_MESSAGE: an empty shop.LegacyRefund is not valid");
    }

    @Test
    void shouldRefuseClassesThatAreNoGeneratedMessages() {
        assertThatThrownBy(() -> ProtobufDecoder.of(com.google.protobuf.DynamicMessage.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("use DynamicProtobufDecoder");
    }

    private static void overwrite(byte[] bytes, String text) {
        byte[] needle = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i + needle.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
                Arrays.fill(bytes, i, i + needle.length, (byte) 'X');
                return;
            }
        }
        throw new AssertionError("'" + text + "' not found in the bytes");
    }
}
