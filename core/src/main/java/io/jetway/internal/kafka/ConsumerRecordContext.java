package io.jetway.internal.kafka;

import io.jetway.spi.codec.RecordContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.util.function.BiConsumer;

/**
 * A {@link RecordContext} flyweight over the record being decoded: one instance per source processor,
 * pointed at each record in turn, so that decoding allocates nothing for the context.
 */
final class ConsumerRecordContext implements RecordContext {

    private ConsumerRecord<?, ?> record;

    ConsumerRecordContext point(ConsumerRecord<?, ?> current) {
        this.record = current;
        return this;
    }

    @Override
    public String topic() {
        return record.topic();
    }

    @Override
    public int partition() {
        return record.partition();
    }

    @Override
    public long offset() {
        return record.offset();
    }

    @Override
    public long timestamp() {
        return record.timestamp();
    }

    @Override
    public byte[] lastHeader(String key) {
        Header header = record.headers().lastHeader(key);
        return header == null ? null : header.value();
    }

    @Override
    public void forEachHeader(BiConsumer<String, byte[]> action) {
        for (Header header : record.headers()) {
            action.accept(header.key(), header.value());
        }
    }
}
