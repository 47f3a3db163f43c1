package io.jetway;

import com.hazelcast.jet.JetException;

/**
 * A Kafka record could not be decoded. The message names the topic, partition and offset, the sizes of
 * key and value, the decoder and the job's vertex; the record is not skipped, the job fails.
 */
public class RecordDecodeException extends JetException {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private final int partition;
    private final long offset;

    /** Creates the exception for the record at {@code topic}-{@code partition}@{@code offset}. */
    public RecordDecodeException(String message, String topic, int partition, long offset, Throwable cause) {
        super(message, cause);
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
    }

    /** The record's topic. */
    public String topic() {
        return topic;
    }

    /** The record's partition. */
    public int partition() {
        return partition;
    }

    /** The record's offset. */
    public long offset() {
        return offset;
    }
}
