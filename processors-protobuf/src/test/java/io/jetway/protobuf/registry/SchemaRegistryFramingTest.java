package io.jetway.protobuf.registry;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.jetway.protobuf.decode.ProtobufDecodeOptions;
import io.jetway.protobuf.decode.ProtobufDecoder;
import io.jetway.protobuf.encode.ProtobufEncoder;
import io.jetway.protobuf.internal.BufferParser;
import io.jetway.protobuf.test.BufferKind;
import io.jetway.protobuf.test.ShopEvents;
import io.jetway.protobuf.test.StubContext;
import io.jetway.protobuf.test.shop.Payment;
import io.jetway.protobuf.test.shop.registry.Envelope;
import io.jetway.protobuf.test.shop.registry.Shipment;
import io.jetway.spi.codec.RecordContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static io.jetway.protobuf.test.SchemaRegistryFrames.framed;
import static io.jetway.protobuf.test.SchemaRegistryFrames.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Schema-registry framing in {@link ProtobufDecoder} and {@link ProtobufEncoder}, against test vectors written
 * by hand from the published wire format: magic byte 0, 4-byte big-endian schema id, message-index path (zigzag
 * varint count, then zigzag varint indexes; the single byte 0 for [0]), then the message. In
 * {@code shop/registry.proto}, Envelope is [0], Shipment [1], Shipment.Stop [1, 1], Shipment.Parcel [1, 2].
 */
class SchemaRegistryFramingTest {

    private static final RecordContext NO_CONTEXT = new StubContext();
    private static final ProtobufDecodeOptions FRAMED = ProtobufDecodeOptions.defaults().schemaRegistryFraming();
    private static final Envelope ENVELOPE = Envelope.newBuilder().setId("env-1")
            .setBody(ByteString.copyFromUtf8("body")).build();
    private static final Shipment.Parcel PARCEL = Shipment.Parcel.newBuilder().setParcelId("parcel-1")
            .setWeightGrams(1_250).setLabel(Shipment.Parcel.Label.newBuilder().setText("fragile")).build();

    @Test
    void shouldKnowEachTypesMessageIndexPathInItsFile() {
        assertThat(SchemaRegistryFraming.messageIndexesOf(Envelope.getDescriptor())).containsExactly(0);
        assertThat(SchemaRegistryFraming.messageIndexesOf(Shipment.getDescriptor())).containsExactly(1);
        assertThat(SchemaRegistryFraming.messageIndexesOf(Shipment.Stop.getDescriptor())).containsExactly(1, 1);
        assertThat(SchemaRegistryFraming.messageIndexesOf(Shipment.Parcel.getDescriptor())).containsExactly(1, 2);
        assertThat(SchemaRegistryFraming.messageIndexesOf(Shipment.Parcel.Label.getDescriptor()))
                .containsExactly(1, 2, 0);
        assertThat(SchemaRegistryFraming.messageIndexesOf(Payment.getDescriptor()))
                .as("Card, BankTransfer, Payment in payment.proto").containsExactly(2);
    }

    /** Schema id 1, path [0] as the single byte 0, from every kind of buffer; the view does not move. */
    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void shouldDecodeTheFirstMessageOfTheSchemaWrittenWithTheZeroShortcut(BufferKind kind) throws Exception {
        ProtobufDecoder<Envelope> decoder = ProtobufDecoder.of(Envelope.class, FRAMED);
        Random random = new Random(kind.ordinal());
        for (int i = 0; i < 3; i++) {   // the scratch array is reused for direct buffers
            ByteBuffer view = kind.view(framed("00 00000001 00", ENVELOPE), random);
            int position = view.position();
            int limit = view.limit();
            assertThat(decoder.decode(null, view, NO_CONTEXT)).isEqualTo(ENVELOPE);
            assertThat(view.position()).isEqualTo(position);
            assertThat(view.limit()).isEqualTo(limit);
        }
    }

    @Test
    void shouldAcceptPathZeroWrittenInFullAsCountOneIndexZero() throws Exception {
        assertThat(ProtobufDecoder.of(Envelope.class, FRAMED).decode(null,
                ByteBuffer.wrap(framed("00 00000001 02 00", ENVELOPE)), NO_CONTEXT)).isEqualTo(ENVELOPE);
    }

    /** Schema id 16,777,217 = 0x01000001 (above 2^24); path [1, 2] = count 2 (zigzag 4), 1 (2), 2 (4). */
    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void shouldDecodeANestedTypeWithPathOneTwoAndASchemaIdAboveTwoToThe24(BufferKind kind) throws Exception {
        ProtobufDecoder<Shipment.Parcel> decoder = ProtobufDecoder.of(Shipment.Parcel.class,
                ProtobufDecodeOptions.defaults().schemaRegistryFraming(SchemaRegistryFraming.schemaIds(16_777_217)));
        assertThat(decoder.decode(null, kind.view(framed("00 01000001 04 02 04", PARCEL), new Random(3)), NO_CONTEXT))
                .isEqualTo(PARCEL);
    }

    /** 0xFFFFFFFE is a negative int but the unsigned id 4,294,967,294; the decoders read and name it unsigned. */
    @Test
    void shouldReadSchemaIdsAsUnsigned32BitNumbers() throws Exception {
        byte[] record = framed("00 FFFFFFFE 00", ENVELOPE);
        assertThat(ProtobufDecoder.of(Envelope.class, ProtobufDecodeOptions.defaults()
                .schemaRegistryFraming(SchemaRegistryFraming.schemaIds(4_294_967_294L)))
                .decode(null, ByteBuffer.wrap(record), NO_CONTEXT)).isEqualTo(ENVELOPE);
        assertThatThrownBy(() -> ProtobufDecoder.of(Envelope.class, ProtobufDecodeOptions.defaults()
                .schemaRegistryFraming(SchemaRegistryFraming.schemaIds(1, 16_777_217)))
                .decode(null, ByteBuffer.wrap(record), NO_CONTEXT))
                .isInstanceOf(InvalidProtocolBufferException.class)
                .hasMessage("cannot parse shop.registry.Envelope from the record value (" + record.length + " bytes): "
                        + "schema id 4294967294 is not one of the accepted ids [1, 16777217]");
    }

    @Test
    void shouldAcceptOnlyTheListedSchemaIds() throws Exception {
        ProtobufDecoder<Envelope> decoder = ProtobufDecoder.of(Envelope.class, ProtobufDecodeOptions.defaults()
                .schemaRegistryFraming(SchemaRegistryFraming.schemaIds(3_000_000_000L, 1, 16_777_217)));
        for (String id : List.of("00000001", "01000001", "B2D05E00")) {     // 1, 2^24 + 1, 3,000,000,000
            assertThat(decoder.decode(null, ByteBuffer.wrap(framed("00 " + id + " 00", ENVELOPE)), NO_CONTEXT))
                    .as("schema id 0x%s", id).isEqualTo(ENVELOPE);
        }
        assertThatThrownBy(() -> decoder.decode(null, ByteBuffer.wrap(framed("00 00000002 00", ENVELOPE)), NO_CONTEXT))
                .hasMessageEndingWith(": schema id 2 is not one of the accepted ids [1, 16777217, 3000000000]");
    }

    @Test
    void shouldSayWhichSchemaIdsItAccepts() {
        SchemaRegistryFraming listed = SchemaRegistryFraming.schemaIds(3_000_000_000L, 1, 16_777_217);
        assertThat(listed.acceptsSchemaId(1)).isTrue();
        assertThat(listed.acceptsSchemaId(16_777_217)).isTrue();
        assertThat(listed.acceptsSchemaId(3_000_000_000L)).isTrue();
        assertThat(listed.acceptsSchemaId(2)).isFalse();
        assertThat(listed.acceptsSchemaId(3_000_000_000L - (1L << 32))).as("the same 32 bits, negative").isFalse();
        assertThat(listed.acceptsSchemaId(1 + (1L << 32))).as("the same 32 bits, above 2^32").isFalse();
        SchemaRegistryFraming any = SchemaRegistryFraming.anySchemaId();
        assertThat(any.acceptsSchemaId(0)).isTrue();
        assertThat(any.acceptsSchemaId(4_294_967_295L)).isTrue();
        assertThat(any.acceptsSchemaId(-1)).isFalse();
        assertThat(any.acceptsSchemaId(4_294_967_296L)).isFalse();
    }

    static Stream<Arguments> wrongFraming() {
        int envelope = ENVELOPE.getSerializedSize();
        return Stream.of(
                Arguments.of("magic byte 1", Envelope.class, framed("01 00000001 00", ENVELOPE),
                        "the first byte is 0x01, not the schema-registry magic byte 0x00 (is it written without a"
                                + " schema registry? then decode it without the schema-registry framing)"),
                Arguments.of("bare Protobuf", Envelope.class, ENVELOPE.toByteArray(),
                        "the first byte is 0x0a, not the schema-registry magic byte 0x00"),
                Arguments.of("short bare Protobuf", Envelope.class, hex("0a 01 78"),
                        "the first byte is 0x0a, not the schema-registry magic byte 0x00"),
                Arguments.of("empty", Envelope.class, new byte[0],
                        "the schema-registry header is truncated: 0 bytes, but magic byte, 4-byte schema id and"
                                + " message-index path take at least 6"),
                Arguments.of("3 bytes", Envelope.class, hex("00 0000"),
                        "the schema-registry header is truncated: 3 bytes, but"),
                Arguments.of("no path", Envelope.class, hex("00 00000001"),
                        "the schema-registry header is truncated: 5 bytes, but"),
                Arguments.of("count varint of 6 bytes", Envelope.class, hex("00 00000001 FF FF FF FF FF 01"),
                        "the message-index count at byte 5 is a varint longer than 5 bytes"),
                Arguments.of("count varint cut off", Envelope.class, hex("00 00000001 84"),
                        "the message-index count at byte 5 runs past the end: the header is truncated"),
                Arguments.of("index varint cut off", Shipment.Parcel.class, hex("00 00000001 04 02 84"),
                        "the message index 1 at byte 7 runs past the end: the header is truncated"),
                Arguments.of("fewer indexes than counted", Shipment.Parcel.class, hex("00 00000001 06 02 04"),
                        "the message index 2 at byte 8 runs past the end: the header is truncated"),
                Arguments.of("index varint of 6 bytes", Shipment.Parcel.class,
                        hex("00 00000001 04 80 80 80 80 80 01"),
                        "the message index 0 at byte 6 is a varint longer than 5 bytes"),
                Arguments.of("negative count", Envelope.class, framed("00 00000001 01", ENVELOPE),
                        "the message-index count -1 at byte 5 is negative"),
                Arguments.of("negative index", Envelope.class, framed("00 00000001 02 03", ENVELOPE),
                        "message index 0 at byte 6 is -2, negative"),
                Arguments.of("path [1] for [0]", Envelope.class, framed("00 00000001 02 02", ENVELOPE),
                        "the message-index path [1] (schema id 1) is not [0], the path of shop.registry.Envelope:"
                                + " the record was written for another message type of the schema"),
                Arguments.of("path [300] for [0]", Envelope.class, framed("00 00000007 02 D8 04", ENVELOPE),
                        "the message-index path [300] (schema id 7) is not [0]"),
                Arguments.of("path [0] for [1, 2]", Shipment.Parcel.class, framed("00 00000001 00", PARCEL),
                        "the message-index path [0] (schema id 1) is not [1, 2], the path of"
                                + " shop.registry.Shipment.Parcel"),
                Arguments.of("path [1] for [1, 2]", Shipment.Parcel.class, framed("00 00000001 02 02", PARCEL),
                        "the message-index path [1] (schema id 1) is not [1, 2]"),
                Arguments.of("path [1, 1] for [1, 2]", Shipment.Parcel.class, framed("00 00000001 04 02 02", PARCEL),
                        "the message-index path [1, 1] (schema id 1) is not [1, 2]"),
                Arguments.of("path [1, 2, 0] for [1, 2]", Shipment.Parcel.class,
                        framed("00 00000001 06 02 04 00", PARCEL),
                        "the message-index path [1, 2, 0] (schema id 1) is not [1, 2]"),
                Arguments.of("malformed message", Envelope.class, hex("00 00000001 00 FF FF FF"),
                        null),
                Arguments.of("message cut short", Envelope.class,
                        java.util.Arrays.copyOf(framed("00 00000001 00", ENVELOPE), 6 + envelope - 2), null));
    }

    /** Each wrong header is an InvalidProtocolBufferException that says what is wrong and where. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongFraming")
    void shouldRejectWrongFramingSayingWhatIsWrong(String name, Class<? extends Message> type, byte[] record,
                                                   String reason) {
        ProtobufDecoder<?> decoder = ProtobufDecoder.of(type, FRAMED);
        String typeName = decoder.typeName();
        for (BufferKind kind : BufferKind.values()) {
            String prefix = "cannot parse " + typeName + " from the record value (" + record.length + " bytes";
            assertThatThrownBy(() -> decoder.decode(null, kind.view(record, new Random(5)), NO_CONTEXT))
                    .as("%s from %s", name, kind)
                    .isInstanceOf(InvalidProtocolBufferException.class)
                    .hasMessageStartingWith(reason == null
                            ? prefix + ", the message after its 6-byte schema-registry header): "
                            : prefix + "): " + reason);
        }
    }

    @Test
    void shouldReadTheKeyWhenAsked() throws Exception {
        ProtobufDecoder<Envelope> decoder = ProtobufDecoder.of(Envelope.class, FRAMED.fromKey());
        assertThat(decoder.decode(ByteBuffer.wrap(framed("00 00000001 00", ENVELOPE)), null, NO_CONTEXT))
                .isEqualTo(ENVELOPE);
        assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(ENVELOPE.toByteArray()), null, NO_CONTEXT))
                .hasMessageStartingWith("cannot parse shop.registry.Envelope from the record key (");
    }

    /** The header is skipped by position: bytes fields still alias the fetch buffer, after the header. */
    @Test
    void shouldStillAliasTheFetchBufferBehindTheHeader() throws Exception {
        byte[] aliased = framed("00 00000001 00", ENVELOPE);
        byte[] copied = aliased.clone();
        Envelope withAliasing = ProtobufDecoder.of(Envelope.class, FRAMED).decode(null, ByteBuffer.wrap(aliased),
                NO_CONTEXT);
        Envelope withoutAliasing = ProtobufDecoder.of(Envelope.class, FRAMED.withoutAliasing())
                .decode(null, ByteBuffer.wrap(copied), NO_CONTEXT);
        aliased[aliased.length - 1] = 'X';
        copied[copied.length - 1] = 'X';
        assertThat(withAliasing.getBody().toStringUtf8()).isEqualTo("bodX");
        assertThat(withoutAliasing.getBody().toStringUtf8()).isEqualTo("body");
    }

    /**
     * Without an accessible array the decoder reads the header in place and parses the message from its one copy
     * of the record, which the next record overwrites: a message decoded earlier keeps its bytes, aliasing on or
     * not, and a record above the scratch limit decodes from a one-off copy.
     */
    @ParameterizedTest
    @EnumSource(value = BufferKind.class, names = {"DIRECT", "READ_ONLY_HEAP", "READ_ONLY_DIRECT"})
    void shouldNeverAliasTheCopyOfABufferWithoutAnAccessibleArray(BufferKind kind) throws Exception {
        for (ProtobufDecodeOptions options : List.of(FRAMED, FRAMED.withoutAliasing())) {
            ProtobufDecoder<Envelope> decoder = ProtobufDecoder.of(Envelope.class, options);
            // path [0] written in full (count 1, index 0): the header's varint path, not the 1-byte shortcut
            Envelope first = decoder.decode(null, kind.view(framed("00 00000001 02 00", ENVELOPE), new Random(6)),
                    NO_CONTEXT);
            Envelope other = Envelope.newBuilder().setId("env-2").setBody(ByteString.copyFromUtf8("XXXX")).build();
            Envelope second = decoder.decode(null, kind.view(framed("00 00000001 02 00", other), new Random(7)),
                    NO_CONTEXT);
            Envelope big = Envelope.newBuilder().setId("big").setBody(ShopEvents.bytes(new Random(8),
                    BufferParser.MAX_SCRATCH_BYTES + 10)).build();
            Envelope third = decoder.decode(null, kind.view(framed("00 00000001 02 00", big), new Random(9)),
                    NO_CONTEXT);
            assertThat(first).as("first record after two more, %s, %s", kind, options).isEqualTo(ENVELOPE);
            assertThat(second).as("%s, %s", kind, options).isEqualTo(other);
            assertThat(third).as("%s, %s", kind, options).isEqualTo(big);
        }
    }

    @Test
    void shouldNeedAnExplicitPathForADecoderBuiltFromAParser() throws Exception {
        assertThatThrownBy(() -> ProtobufDecoder.of(Envelope.parser(), "shop.registry.Envelope", FRAMED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("give it with SchemaRegistryFraming.messageIndexes(...)");
        ProtobufDecoder<Envelope> decoder = ProtobufDecoder.of(Envelope.parser(), "shop.registry.Envelope",
                ProtobufDecodeOptions.defaults().schemaRegistryFraming(
                        SchemaRegistryFraming.anySchemaId().messageIndexes(3, 1)));
        assertThat(decoder.decode(null, ByteBuffer.wrap(framed("00 00000009 04 06 02", ENVELOPE)), NO_CONTEXT))
                .as("a type registered inside another file, at [3, 1]").isEqualTo(ENVELOPE);
    }

    @Test
    void shouldValidateFramingSettings() {
        assertThatThrownBy(() -> SchemaRegistryFraming.schemaIds(-1))
                .hasMessage("schema id -1 is not an unsigned 32-bit number (0 to 4294967295)");
        assertThatThrownBy(() -> SchemaRegistryFraming.schemaIds(4_294_967_296L))
                .hasMessage("schema id 4294967296 is not an unsigned 32-bit number (0 to 4294967295)");
        assertThatThrownBy(() -> SchemaRegistryFraming.schemaIds())
                .hasMessage("schemaIds: give at least one id, or use anySchemaId()");
        assertThatThrownBy(() -> SchemaRegistryFraming.anySchemaId().messageIndexes(new int[0]))
                .hasMessage("a message-index path has at least one index ([0]: the first message)");
        assertThatThrownBy(() -> SchemaRegistryFraming.anySchemaId().messageIndexes(1, -2))
                .hasMessage("message-index path [1, -2]: indexes are 0 or more");
        assertThat(SchemaRegistryFraming.schemaIds(4_294_967_294L, 7, 7).acceptedSchemaIds())
                .containsExactly(7, 7, 4_294_967_294L);
        assertThat(FRAMED).isNotEqualTo(ProtobufDecodeOptions.defaults())
                .isEqualTo(ProtobufDecodeOptions.defaults().schemaRegistryFraming(SchemaRegistryFraming.anySchemaId()));
        assertThat(FRAMED.unframed()).isEqualTo(ProtobufDecodeOptions.defaults());
    }

    // ---- encoder ----

    @Test
    void shouldWriteTheHeaderWithTheZeroShortcutForPathZero() {
        ByteBuffer value = ProtobufEncoder.<Envelope>valueOnly().withSchemaRegistryFraming(1).encodeValue(ENVELOPE);
        assertThat(value.arrayOffset()).isZero();
        assertThat(value.position()).isZero();
        assertThat(value.remaining()).as("one exact-size array").isEqualTo(value.array().length);
        assertThat(value.array()).isEqualTo(framed("00 00000001 00", ENVELOPE));
        assertThat(ProtobufEncoder.<Envelope>valueOnly().withSchemaRegistryFraming(1, 0).encodeValue(ENVELOPE)
                .array()).isEqualTo(framed("00 00000001 00", ENVELOPE));
    }

    @Test
    void shouldWriteNestedPathsLargeIndexesAndUnsignedSchemaIds() {
        assertThat(ProtobufEncoder.<Shipment.Parcel>valueOnly().withSchemaRegistryFraming(16_777_217, 1, 2)
                .encodeValue(PARCEL).array()).isEqualTo(framed("00 01000001 04 02 04", PARCEL));
        assertThat(ProtobufEncoder.<Envelope>valueOnly().withSchemaRegistryFraming(4_294_967_294L)
                .encodeValue(ENVELOPE).array()).isEqualTo(framed("00 FFFFFFFE 00", ENVELOPE));
        assertThat(ProtobufEncoder.<Envelope>valueOnly().withSchemaRegistryFraming(7, 300)
                .encodeValue(ENVELOPE).array()).isEqualTo(framed("00 00000007 02 D8 04", ENVELOPE));
        assertThat(ProtobufEncoder.<Envelope>valueOnly().withSchemaRegistryFraming(7).unframed()
                .encodeValue(ENVELOPE).array()).isEqualTo(ENVELOPE.toByteArray());
        assertThat(ProtobufEncoder.<Envelope>valueOnly().withSchemaRegistryFraming(7).encodeValue(null)).isNull();
    }

    @Test
    void shouldRejectSchemaIdsAndPathsTheFormatCannotCarry() {
        assertThatThrownBy(() -> ProtobufEncoder.valueOnly().withSchemaRegistryFraming(-1))
                .hasMessage("schema id -1 is not an unsigned 32-bit number (0 to 4294967295)");
        assertThatThrownBy(() -> ProtobufEncoder.valueOnly().withSchemaRegistryFraming(1L << 32))
                .hasMessageStartingWith("schema id 4294967296 is not an unsigned 32-bit number");
        assertThatThrownBy(() -> ProtobufEncoder.valueOnly().withSchemaRegistryFraming(1, new int[0]))
                .hasMessageStartingWith("a message-index path has at least one index");
        assertThatThrownBy(() -> ProtobufEncoder.valueOnly().withSchemaRegistryFraming(1, 0, -1))
                .hasMessage("message-index path [0, -1]: indexes are 0 or more");
    }

    /** Random payments (path [2] in payment.proto) through the encoder and the decoder, keys kept, supplier too. */
    @Test
    void shouldRoundTripFromEncoderToDecoder() throws Exception {
        int[] path = SchemaRegistryFraming.messageIndexesOf(Payment.getDescriptor());
        ProtobufEncoder<Payment> encoder = ProtobufEncoder.withStringKey(Payment::getPaymentId)
                .withSchemaRegistryFraming(16_777_217, path).supplier().get();
        ProtobufDecoder<Payment> decoder = ProtobufDecoder.of(Payment.class, ProtobufDecodeOptions.defaults()
                .schemaRegistryFraming(SchemaRegistryFraming.schemaIds(16_777_217)));
        Random random = new Random(11);
        for (int i = 0; i < 200; i++) {
            Payment payment = ShopEvents.payment(random);
            byte[] value = encoder.encodeValue(payment).array();
            assertThat(value).startsWith(hex("00 01000001 02 04"));
            assertThat(decoder.decode(null, BufferKind.values()[i % BufferKind.values().length].view(value, random),
                    NO_CONTEXT)).isEqualTo(payment);
            assertThat(encoder.encodeKey(payment)).isEqualTo(ByteBuffer.wrap(
                    payment.getPaymentId().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        assertThat(encoder.toString()).contains("schema-registry schema id 16777217, message indexes [2]");
    }
}
