package io.jetway.codec;

import io.jetway.spi.codec.RecordDecoder;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Map;

import static io.jetway.codec.TestRecordContexts.NO_CONTEXT;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordDecodersTest {

    /** A view in the middle of a larger array, as the consumer's fetch buffer hands it over. */
    private static ByteBuffer viewOf(String text) {
        byte[] body = text.getBytes(UTF_8);
        byte[] fetch = new byte[body.length + 20];
        System.arraycopy(body, 0, fetch, 7, body.length);
        return ByteBuffer.wrap(fetch, 7, body.length).slice();
    }

    @Test
    void shouldDecodeUtf8FromAViewInsideALargerBuffer() throws Exception {
        assertThat(RecordDecoders.utf8String().get().decode(null, viewOf("grüße, 東京"), NO_CONTEXT))
                .isEqualTo("grüße, 東京");
    }

    @Test
    void shouldDecodeUtf8FromDirectAndReadOnlyBuffers() throws Exception {
        ByteBuffer direct = ByteBuffer.allocateDirect(16).put("direct".getBytes(UTF_8)).flip();
        assertThat(new Utf8StringDecoder().decode(null, direct, NO_CONTEXT)).isEqualTo("direct");
        assertThat(direct.remaining()).isEqualTo(6);
        assertThat(new Utf8StringDecoder().decode(null, viewOf("ro").asReadOnlyBuffer(), NO_CONTEXT)).isEqualTo("ro");
    }

    @Test
    void shouldFilterTombstones() throws Exception {
        assertThat(new Utf8StringDecoder().decode(viewOf("k"), null, NO_CONTEXT)).isNull();
        assertThat(new ByteArrayDecoder().decode(null, null, NO_CONTEXT)).isNull();
    }

    @Test
    void shouldCopyBytesOutOfTheBorrowedView() throws Exception {
        ByteBuffer view = viewOf("abc");
        byte[] copy = new ByteArrayDecoder().decode(null, view, NO_CONTEXT);
        view.put(0, (byte) 'z');
        assertThat(new String(copy, UTF_8)).isEqualTo("abc");
    }

    @Test
    void shouldDecodeKeyAndValue() throws Exception {
        Map.Entry<String, String> entry = RecordDecoders.utf8KeyValue().get().decode(viewOf("k1"), viewOf("v1"), NO_CONTEXT);
        assertThat(entry).isEqualTo(Map.entry("k1", "v1"));
    }

    @Test
    void shouldFindBuiltInDecodersByName() throws Exception {
        RecordDecoder<String> decoder = RecordDecoders.<String>byName("UTF8-String", Map.of()).get();
        assertThat(decoder.decode(null, viewOf("x"), NO_CONTEXT)).isEqualTo("x");
    }

    @Test
    void shouldListAvailableNamesForAnUnknownDecoder() {
        assertThatThrownBy(() -> RecordDecoders.byName("avro", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("No RecordDecoderFactory named 'avro'")
                .hasMessageContaining("[byte-array, utf8-string]");
    }
}
