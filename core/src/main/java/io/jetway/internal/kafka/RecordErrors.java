package io.jetway.internal.kafka;

import com.hazelcast.jet.JetException;
import io.jetway.RecordDecodeException;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The one place that writes the errors about a Kafka record the source read: each names the record's topic,
 * partition and offset the same way ({@code "the record at orders-3 offset 1234"}), where it happened, the
 * cause, and what to do. Built only when something failed, never per record.
 */
final class RecordErrors {

    private RecordErrors() {
    }

    /** "the record at {@code topic}-{@code partition} offset {@code offset}". */
    static String record(String topic, int partition, long offset) {
        return "the record at " + topic + "-" + partition + " offset " + offset;
    }

    /** The decoder failed on {@code record}: the job fails rather than skip it. */
    static RecordDecodeException decodeFailed(ConsumerRecord<?, ?> record, Object decoder, String where, Exception e) {
        return new RecordDecodeException("Cannot decode " + record(record.topic(), record.partition(), record.offset())
                + " (key " + Math.max(0, record.serializedKeySize()) + " bytes, value "
                + Math.max(0, record.serializedValueSize()) + " bytes) with " + decoder.getClass().getName() + " in "
                + where + ": " + e + ". The job fails rather than skip the record; fix the data or the decoder and "
                + "restart the job from its last snapshot", record.topic(), record.partition(), record.offset(), e);
    }

    /** The source's stage (aligned keyed state) failed on {@code record}. */
    static JetException stageFailed(ConsumerRecord<?, ?> record, String where, Exception e) {
        return new JetException("Keyed state failed on " + record(record.topic(), record.partition(), record.offset())
                + " in " + where + ": " + e, e);
    }

    /** The dead letter of a record could not be written: the job fails rather than lose it. */
    static IllegalStateException deadLetterFailed(String where, String topic, int partition, long offset,
                                                  String deadLetterTopic, Exception e) {
        return new IllegalStateException("Kafka source " + where + ": the dead letter of "
                + record(topic, partition, offset) + " could not be written to dead-letter topic '" + deadLetterTopic
                + "': " + e + ". The job fails rather than lose it; fix the cause and restart the job from its last "
                + "snapshot", e);
    }
}
