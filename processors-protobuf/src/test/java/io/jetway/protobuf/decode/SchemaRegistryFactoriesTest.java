package io.jetway.protobuf.decode;

import com.google.protobuf.Message;
import io.jetway.codec.RecordDecoders;
import io.jetway.protobuf.registry.SchemaRegistryFraming;
import io.jetway.protobuf.test.shop.Payment;
import io.jetway.protobuf.test.shop.registry.Envelope;
import io.jetway.protobuf.test.shop.registry.Shipment;
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

import static io.jetway.protobuf.test.SchemaRegistryFrames.framed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The framing options of the "protobuf" and "protobuf-dynamic" codecs chosen by name. */
class SchemaRegistryFactoriesTest {

    private static final ClassLoader LOADER = SchemaRegistryFactoriesTest.class.getClassLoader();
    private static final Shipment.Parcel PARCEL = Shipment.Parcel.newBuilder().setParcelId("p-1").build();

    @Test
    void shouldReadFramedRecordsThroughRecordDecodersByName() throws Exception {
        RecordDecoder<Shipment.Parcel> decoder = RecordDecoders.<Shipment.Parcel>byName("protobuf", Map.of(
                "message-class", Shipment.Parcel.class.getName(), "framing", "schema-registry",
                "schema-ids", "1, 16777217,4294967294")).get();
        assertThat(((ProtobufDecoder<?>) decoder).options()).isEqualTo(ProtobufDecodeOptions.defaults()
                .schemaRegistryFraming(SchemaRegistryFraming.schemaIds(1, 16_777_217, 4_294_967_294L)));
        for (String id : new String[]{"00000001", "01000001", "FFFFFFFE"}) {
            assertThat(decoder.decode(null, ByteBuffer.wrap(framed("00 " + id + " 04 02 04", PARCEL)), null))
                    .isEqualTo(PARCEL);
        }
        assertThatThrownBy(() -> decoder.decode(null, ByteBuffer.wrap(framed("00 00000002 04 02 04", PARCEL)), null))
                .hasMessageEndingWith("schema id 2 is not one of the accepted ids [1, 16777217, 4294967294]");
        assertThatThrownBy(() -> decoder.decode(null, ByteBuffer.wrap(PARCEL.toByteArray()), null))
                .hasMessageContaining("not the schema-registry magic byte 0x00");
    }

    @Test
    void shouldTakeAnExplicitMessageIndexPathByName() throws Exception {
        RecordDecoder<?> decoder = NamedServiceLoader.byName(RecordDecoderFactory.class, "protobuf", LOADER)
                .create(Map.of("message-class", Envelope.class.getName(), "framing", "SCHEMA-REGISTRY",
                        "message-indexes", "3,1"));
        Envelope envelope = Envelope.newBuilder().setId("e").build();
        assertThat(decoder.decode(null, ByteBuffer.wrap(framed("00 00000009 04 06 02", envelope)), null))
                .isEqualTo(envelope);
        assertThatThrownBy(() -> decoder.decode(null, ByteBuffer.wrap(framed("00 00000009 00", envelope)), null))
                .hasMessageContaining("the message-index path [0] (schema id 9) is not [3, 1]");
    }

    @Test
    void shouldReadFramedRecordsWithTheDynamicDecoderByName(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("registry.desc");
        Files.write(file, DescriptorSets.of(Shipment.Parcel.getDescriptor()));
        RecordDecoder<?> decoder = RecordDecoders.byName("protobuf-dynamic", Map.of("descriptor-set-file",
                file.toString(), "message-type", "shop.registry.Shipment.Parcel", "framing", "schema-registry")).get();
        Object decoded = decoder.decode(null, ByteBuffer.wrap(framed("00 00000001 04 02 04", PARCEL)), null);
        assertThat(Shipment.Parcel.parseFrom(((Message) decoded).toByteString())).isEqualTo(PARCEL);
    }

    @Test
    void shouldNameTheWrongFramingOption() {
        RecordDecoderFactory factory = NamedServiceLoader.byName(RecordDecoderFactory.class, "protobuf", LOADER);
        String type = Payment.class.getName();
        assertThatThrownBy(() -> factory.create(Map.of("message-class", type, "framing", "confluent")))
                .hasMessage("'protobuf': option 'framing' is 'confluent'; expected one of none, schema-registry");
        assertThatThrownBy(() -> factory.create(Map.of("message-class", type, "schema-ids", "1")))
                .hasMessage("'protobuf': option 'schema-ids' needs framing=schema-registry");
        assertThatThrownBy(() -> factory.create(Map.of("message-class", type, "message-indexes", "1")))
                .hasMessage("'protobuf': option 'message-indexes' needs framing=schema-registry");
        assertThatThrownBy(() -> factory.create(Map.of("message-class", type, "framing", "schema-registry",
                "schema-ids", "1,x")))
                .hasMessage("'protobuf': option 'schema-ids' is '1,x'; expected schema ids from 0 to 4294967295"
                        + " separated by commas");
        assertThatThrownBy(() -> factory.create(Map.of("message-class", type, "framing", "schema-registry",
                "schema-ids", "4294967296")))
                .hasMessageStartingWith("'protobuf': option 'schema-ids' is '4294967296'; expected schema ids");
        assertThatThrownBy(() -> factory.create(Map.of("message-class", type, "framing", "schema-registry",
                "message-indexes", "1,-2")))
                .hasMessage("'protobuf': option 'message-indexes' is '1,-2'; expected indexes of 0 or more separated"
                        + " by commas, e.g. 1,2");
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldCreateAFramingEncoderByName() throws Exception {
        RecordEncoderFactory factory = NamedServiceLoader.byName(RecordEncoderFactory.class, "protobuf", LOADER);
        RecordEncoder<Shipment.Parcel> nested = (RecordEncoder<Shipment.Parcel>) factory.create(Map.of(
                "framing", "schema-registry", "schema-id", "16777217", "message-indexes", "1,2"));
        assertThat(nested.encodeValue(PARCEL).array()).isEqualTo(framed("00 01000001 04 02 04", PARCEL));
        RecordEncoder<Shipment.Parcel> first = (RecordEncoder<Shipment.Parcel>) factory.create(Map.of(
                "framing", "schema-registry", "schema-id", "4294967294"));
        assertThat(first.encodeValue(PARCEL).array()).isEqualTo(framed("00 FFFFFFFE 00", PARCEL));
        assertThatThrownBy(() -> factory.create(Map.of("framing", "schema-registry")))
                .hasMessage("'protobuf': option 'schema-id' is required");
        assertThatThrownBy(() -> factory.create(Map.of("framing", "schema-registry", "schema-id", "1,2")))
                .hasMessage("'protobuf': option 'schema-id' is '1,2'; expected one schema id");
        assertThatThrownBy(() -> factory.create(Map.of("schema-id", "1")))
                .hasMessage("'protobuf': option 'schema-id' needs framing=schema-registry");
    }
}
