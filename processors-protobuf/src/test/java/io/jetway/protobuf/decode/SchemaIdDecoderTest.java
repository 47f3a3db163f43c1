package io.jetway.protobuf.decode;

import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.hazelcast.function.SupplierEx;
import io.jetway.protobuf.registry.DescriptorForSchemaId;
import io.jetway.protobuf.registry.SchemaRegistryFraming;
import io.jetway.protobuf.test.BufferKind;
import io.jetway.protobuf.test.ShopEvents;
import io.jetway.protobuf.test.shop.Payment;
import io.jetway.protobuf.test.shop.registry.Envelope;
import io.jetway.protobuf.test.shop.registry.Shipment;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static io.jetway.protobuf.test.SchemaRegistryFrames.framed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link DynamicProtobufDecoder} on schema-registry framed records: a fixed type, or a type per schema id. */
class SchemaIdDecoderTest {

    private static final Envelope ENVELOPE = Envelope.newBuilder().setId("env-2").build();
    private static final Shipment.Parcel PARCEL = Shipment.Parcel.newBuilder().setParcelId("p-9").setWeightGrams(3)
            .build();

    @Test
    void shouldDecodeAFixedTypeWithItsOwnPath() throws Exception {
        DynamicProtobufDecoder decoder = DynamicProtobufDecoder.of(Shipment.Parcel.getDescriptor(),
                ProtobufDecodeOptions.defaults().schemaRegistryFraming());
        DynamicMessage decoded = decoder.decode(null, ByteBuffer.wrap(framed("00 01000001 04 02 04", PARCEL)), null);
        assertThat(Shipment.Parcel.parseFrom(decoded.toByteString())).isEqualTo(PARCEL);
        assertThatThrownBy(() -> decoder.decode(null, ByteBuffer.wrap(framed("00 01000001 00", PARCEL)), null))
                .hasMessageContaining("the message-index path [0] (schema id 16777217) is not [1, 2], the path of"
                        + " shop.registry.Shipment.Parcel");
    }

    /** Ids 1 and 16,777,217 name two types, 5 none; the function is asked once per id, however many records. */
    @Test
    void shouldDecodeEachRecordAsTheTypeOfItsSchemaIdAskingOncePerId() throws Exception {
        Map<Long, AtomicInteger> asked = new ConcurrentHashMap<>();
        DynamicProtobufDecoder decoder = DynamicProtobufDecoder.bySchemaId(id -> {
            asked.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            return id == 1 ? Envelope.getDescriptor() : id == 16_777_217 ? Shipment.Parcel.getDescriptor() : null;
        }, ProtobufDecodeOptions.defaults());
        for (int i = 0; i < 10; i++) {
            DynamicMessage envelope = decoder.decode(null, BufferKind.values()[i % 5]
                    .view(framed("00 00000001 00", ENVELOPE), new Random(i)), null);
            DynamicMessage parcel = decoder.decode(null, BufferKind.values()[i % 5]
                    .view(framed("00 01000001 04 02 04", PARCEL), new Random(i)), null);
            assertThat(envelope.getDescriptorForType().getFullName()).isEqualTo("shop.registry.Envelope");
            assertThat(Envelope.parseFrom(envelope.toByteString())).isEqualTo(ENVELOPE);
            assertThat(parcel.getDescriptorForType().getFullName()).isEqualTo("shop.registry.Shipment.Parcel");
            assertThat(Shipment.Parcel.parseFrom(parcel.toByteString())).isEqualTo(PARCEL);
            assertThatThrownBy(() -> decoder.decode(null, ByteBuffer.wrap(framed("00 00000005 00", ENVELOPE)), null))
                    .isInstanceOf(InvalidProtocolBufferException.class)
                    .hasMessage("cannot parse a Protobuf message from the record value (" + (6 + ENVELOPE
                            .getSerializedSize()) + " bytes): schema id 5 has no message type: the"
                            + " DescriptorForSchemaId function returned null");
        }
        assertThat(asked).containsOnlyKeys(1L, 16_777_217L, 5L);
        assertThat(asked.values()).allSatisfy(n -> assertThat(n).hasValue(1));
        assertThat(decoder.descriptor()).isNull();
    }

    @Test
    void shouldCheckThePathAgainstTheTypeOfTheSchemaIdAndTheAcceptedIds() {
        Map<Long, AtomicInteger> asked = new ConcurrentHashMap<>();
        DynamicProtobufDecoder decoder = DynamicProtobufDecoder.bySchemaId(id -> {
            asked.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            return Shipment.Parcel.getDescriptor();
        }, ProtobufDecodeOptions.defaults().schemaRegistryFraming(SchemaRegistryFraming.schemaIds(4_294_967_294L)));
        assertThatThrownBy(() -> decoder.decode(null, ByteBuffer.wrap(framed("00 FFFFFFFE 02 02", PARCEL)), null))
                .hasMessageEndingWith("the message-index path [1] (schema id 4294967294) is not [1, 2], the path of"
                        + " shop.registry.Shipment.Parcel: the record was written for another message type of the"
                        + " schema");
        assertThatThrownBy(() -> decoder.decode(null, ByteBuffer.wrap(framed("00 00000003 04 02 04", PARCEL)), null))
                .hasMessageEndingWith("schema id 3 is not one of the accepted ids [4294967294]");
        assertThatThrownBy(() -> decoder.decode(null, ByteBuffer.wrap(PARCEL.toByteArray()), null))
                .hasMessageContaining("not the schema-registry magic byte 0x00");
        assertThat(asked).as("ids not accepted are not looked up").containsOnlyKeys(4_294_967_294L);
    }

    @Test
    void shouldNotRememberAFailedLookup() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        DynamicProtobufDecoder decoder = DynamicProtobufDecoder.bySchemaId(id -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("registry unreachable");
            }
            return Envelope.getDescriptor();
        }, ProtobufDecodeOptions.defaults());
        ByteBuffer record = ByteBuffer.wrap(framed("00 00000001 00", ENVELOPE));
        assertThatThrownBy(() -> decoder.decode(null, record, null))
                .hasMessageEndingWith("the DescriptorForSchemaId function failed for schema id 1:"
                        + " java.lang.IllegalStateException: registry unreachable")
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThat(Envelope.parseFrom(decoder.decode(null, record, null).toByteString())).isEqualTo(ENVELOPE);
    }

    @Test
    void shouldRefuseSettingsThatCannotWorkPerSchemaId() {
        assertThatThrownBy(() -> DynamicProtobufDecoder.bySchemaId(id -> null,
                ProtobufDecodeOptions.defaults().onNull(NullPolicy.EMPTY_MESSAGE)))
                .hasMessageContaining("NullPolicy.EMPTY_MESSAGE needs one message type");
        assertThatThrownBy(() -> DynamicProtobufDecoder.bySchemaId(id -> null, ProtobufDecodeOptions.defaults()
                .schemaRegistryFraming(SchemaRegistryFraming.anySchemaId().messageIndexes(1))))
                .hasMessageContaining("do not give one with SchemaRegistryFraming.messageIndexes");
    }

    /** The supplier crosses Java serialization (Jet ships it) with a function that carries a descriptor set. */
    @Test
    void shouldShipTheSupplierWithASerializableFunction() throws Exception {
        byte[] set = DescriptorSets.of(Payment.getDescriptor());
        DescriptorForSchemaId types = id -> id == 42 ? DescriptorSets.messageType(set, "shop.Payment") : null;
        SupplierEx<DynamicProtobufDecoder> supplier = roundTrip(DynamicProtobufDecoder.supplierBySchemaId(types,
                ProtobufDecodeOptions.defaults().fromKey()));
        Payment payment = ShopEvents.payment(new Random(3));
        DynamicMessage decoded = supplier.get().decode(ByteBuffer.wrap(framed("00 0000002A 02 04", payment)), null,
                null);
        assertThat(Payment.parseFrom(decoded.toByteString())).isEqualTo(payment);
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T object) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
