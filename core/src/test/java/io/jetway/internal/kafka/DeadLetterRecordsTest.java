package io.jetway.internal.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/** How a dead letter is built: headers always, truncation only when the record would exceed the limit. */
class DeadLetterRecordsTest {

    private static final int LIMIT = 10_000;

    @Test
    void shouldKeepASmallRecordWholeWithItsHeadersAndCoordinates() {
        ConsumerRecord<ByteBuffer, ByteBuffer> record = record(bytes(3, 'k'), bytes(100, 'v'));
        record.headers().add("trace", "t-1".getBytes(UTF_8));

        ProducerRecord<byte[], byte[]> letter = DeadLetterRecords.build("dlq", record, new IllegalStateException("bad"),
                LIMIT);

        assertThat(letter.topic()).isEqualTo("dlq");
        assertThat(letter.key()).isEqualTo(bytes(3, 'k'));
        assertThat(letter.value()).isEqualTo(bytes(100, 'v'));
        assertThat(header(letter, "trace")).isEqualTo("t-1");
        assertThat(header(letter, DeadLetterRecords.HEADER_TOPIC)).isEqualTo("orders");
        assertThat(header(letter, DeadLetterRecords.HEADER_PARTITION)).isEqualTo("3");
        assertThat(header(letter, DeadLetterRecords.HEADER_OFFSET)).isEqualTo("1042");
        assertThat(header(letter, DeadLetterRecords.HEADER_ERROR)).isEqualTo("java.lang.IllegalStateException: bad");
        assertThat(letter.headers().lastHeader(DeadLetterRecords.HEADER_TRUNCATED)).isNull();
        assertThat(record.value().position()).as("the view is not moved").isZero();
    }

    @Test
    void shouldCutTheValueOfAnOversizeRecordToFitAndSaySo() {
        byte[] value = new byte[5 * LIMIT];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) i;
        }
        ConsumerRecord<ByteBuffer, ByteBuffer> record = record(bytes(3, 'k'), value);

        ProducerRecord<byte[], byte[]> letter = DeadLetterRecords.build("dlq", record, new IllegalStateException("bad"),
                LIMIT);

        assertThat(DeadLetterRecords.sizeUpperBound(letter)).isLessThanOrEqualTo(LIMIT);
        assertThat(letter.value().length).isGreaterThan(LIMIT - 1_000);
        assertThat(letter.value()).isEqualTo(Arrays.copyOf(value, letter.value().length));
        assertThat(letter.key()).isEqualTo(bytes(3, 'k'));
        assertThat(header(letter, DeadLetterRecords.HEADER_TRUNCATED)).isEqualTo("true");
        assertThat(header(letter, DeadLetterRecords.HEADER_VALUE_SIZE)).isEqualTo(String.valueOf(value.length));
        assertThat(letter.headers().lastHeader(DeadLetterRecords.HEADER_KEY_SIZE)).isNull();
        assertThat(header(letter, DeadLetterRecords.HEADER_OFFSET)).isEqualTo("1042");
    }

    @Test
    void shouldCutTheKeyTooWhenTheKeyAloneIsTooLarge() {
        ConsumerRecord<ByteBuffer, ByteBuffer> record = record(bytes(2 * LIMIT, 'k'), bytes(100, 'v'));

        ProducerRecord<byte[], byte[]> letter = DeadLetterRecords.build("dlq", record, new IllegalStateException("bad"),
                LIMIT);

        assertThat(DeadLetterRecords.sizeUpperBound(letter)).isLessThanOrEqualTo(LIMIT);
        assertThat(letter.value()).isEmpty();
        assertThat(letter.key().length).isGreaterThan(LIMIT - 1_000);
        assertThat(header(letter, DeadLetterRecords.HEADER_KEY_SIZE)).isEqualTo(String.valueOf(2 * LIMIT));
        assertThat(header(letter, DeadLetterRecords.HEADER_VALUE_SIZE)).isEqualTo("100");
    }

    @Test
    void shouldCapALongErrorMessage() {
        ConsumerRecord<ByteBuffer, ByteBuffer> record = record(null, bytes(10, 'v'));
        String longMessage = "e".repeat(50_000);

        ProducerRecord<byte[], byte[]> letter = DeadLetterRecords.build("dlq", record,
                new IllegalStateException(longMessage), LIMIT);

        assertThat(header(letter, DeadLetterRecords.HEADER_ERROR)).hasSize(DeadLetterRecords.MAX_ERROR_CHARS)
                                                                  .endsWith("...");
        assertThat(letter.value()).isEqualTo(bytes(10, 'v'));
        assertThat(letter.key()).isNull();
    }

    private static ConsumerRecord<ByteBuffer, ByteBuffer> record(byte[] key, byte[] value) {
        return new ConsumerRecord<>("orders", 3, 1042, 1_700_000_000_000L, TimestampType.CREATE_TIME,
                key == null ? -1 : key.length, value.length, key == null ? null : ByteBuffer.wrap(key),
                ByteBuffer.wrap(value), new RecordHeaders(), Optional.empty());
    }

    private static byte[] bytes(int length, char c) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) c);
        return b;
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String key) {
        assertThat(record.headers().lastHeader(key)).as("header " + key).isNotNull();
        return new String(record.headers().lastHeader(key).value(), UTF_8);
    }
}
