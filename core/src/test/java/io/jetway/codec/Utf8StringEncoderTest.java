package io.jetway.codec;

import io.jetway.spi.codec.RecordEncoder;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Map;

import static io.jetway.codec.TestRecordContexts.NO_CONTEXT;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Utf8StringEncoderTest {

    @Test
    void shouldEncodeTheItemAsKeyAndValue() throws Exception {
        RecordEncoder<String> encoder = RecordEncoders.utf8String().get();

        assertThat(UTF_8.decode(encoder.encodeKey("grüße, 東京")).toString()).isEqualTo("grüße, 東京");
        assertThat(UTF_8.decode(encoder.encodeValue("grüße, 東京")).toString()).isEqualTo("grüße, 東京");
    }

    @Test
    void shouldRoundTripThroughTheStringDecoder() throws Exception {
        ByteBuffer value = new Utf8StringEncoder().encodeValue("über");

        assertThat(new Utf8StringDecoder().decode(null, value, NO_CONTEXT)).isEqualTo("über");
    }

    @Test
    void shouldHandTheProducerAWholeArrayAtOffsetZero() {
        // kafka-clients' ByteBufferSerializer sends such a buffer's array without copying it
        ByteBuffer value = new Utf8StringEncoder().encodeValue("abc");

        assertThat(value.hasArray()).isTrue();
        assertThat(value.arrayOffset()).isZero();
        assertThat(value.position()).isZero();
        assertThat(value.remaining()).isEqualTo(value.array().length).isEqualTo(3);
    }

    @Test
    void shouldWriteNoKeyAndATombstoneForNull() {
        Utf8StringEncoder encoder = new Utf8StringEncoder();

        assertThat(encoder.encodeKey(null)).isNull();
        assertThat(encoder.encodeValue(null)).isNull();
    }

    @Test
    void shouldWriteNoKeyWhenValueOnly() throws Exception {
        RecordEncoder<String> encoder = RecordEncoders.utf8StringValueOnly().get();

        assertThat(encoder.encodeKey("k")).isNull();
        assertThat(UTF_8.decode(encoder.encodeValue("v")).toString()).isEqualTo("v");
    }

    @Test
    void shouldBeFoundByName() throws Exception {
        RecordEncoder<String> both = RecordEncoders.<String>byName("utf8-string", Map.of()).get();
        RecordEncoder<String> valueOnly = RecordEncoders.<String>byName("UTF8-String", Map.of("key", "false")).get();

        assertThat(UTF_8.decode(both.encodeKey("k")).toString()).isEqualTo("k");
        assertThat(valueOnly.encodeKey("k")).isNull();
    }

    @Test
    void shouldRejectUnknownNamesAndOptionsNamingThem() {
        assertThatThrownBy(() -> RecordEncoders.byName("utf9-string", Map.of()))
                .hasMessageContaining("utf9-string").hasMessageContaining("utf8-string");
        assertThatThrownBy(() -> new BuiltInEncoderFactories.Utf8String().create(Map.of("charset", "latin1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'charset'");
        assertThatThrownBy(() -> new BuiltInEncoderFactories.Utf8String().create(Map.of("key", "yes")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'key'").hasMessageContaining("yes");
    }
}
