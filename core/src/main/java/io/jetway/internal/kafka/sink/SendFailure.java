package io.jetway.internal.kafka.sink;

/**
 * The first failed send of a sink processor, kept until the processor thread rethrows it.
 *
 * @param item      the item whose record failed
 * @param topic     the record's topic
 * @param partition its partition, -1 when none was assigned yet
 * @param error     what the producer reported
 */
record SendFailure(Object item, String topic, int partition, Exception error) {

    /** "item X to topic 't' (partition 3)", for messages. */
    String describe() {
        return "item " + SinkErrors.describe(item) + " to topic '" + topic + "'"
                + (partition >= 0 ? " (partition " + partition + ")" : "");
    }
}
