package io.jetway.testing.eos;

import io.jetway.testing.KafkaBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * The known input of an exactly-once check: events {@code 0..n-1}, each with a random key out of
 * {@code keys} and that key's next sequence number, produced in id order with the key as the Kafka key, so
 * that each key's events sit in one partition in sequence order.
 */
public final class EosInput {

    private static final long ACK_TIMEOUT_SECONDS = 60;

    private final List<EosEvent> events;
    private final int keyCount;

    private EosInput(List<EosEvent> events, int keyCount) {
        this.events = Collections.unmodifiableList(events);
        this.keyCount = keyCount;
    }

    /** {@code count} events over {@code keys} keys named {@code k0..k<keys-1>}, the keys drawn with {@code seed}. */
    public static EosInput generate(int keys, int count, long seed) {
        if (keys < 1 || count < 0) {
            throw new IllegalArgumentException(keys + " keys, " + count + " events");
        }
        Random random = new Random(seed);
        long[] nextSeq = new long[keys];
        List<EosEvent> events = new ArrayList<>(count);
        for (int id = 0; id < count; id++) {
            int key = random.nextInt(keys);
            events.add(new EosEvent(id, "k" + key, nextSeq[key]++));
        }
        return new EosInput(events, keys);
    }

    /** The events, in id order. */
    public List<EosEvent> events() {
        return events;
    }

    /** The number of events. */
    public int size() {
        return events.size();
    }

    /** The number of keys drawn from (some may have no event in a small input). */
    public int keyCount() {
        return keyCount;
    }

    /** Produces all events. */
    public void produce(KafkaBroker broker, String topic) {
        produce(broker, topic, 0, events.size());
    }

    /**
     * Produces the events with ids {@code [from, to)}, in order, keyed; returns once all are acknowledged.
     * Produce ranges in increasing order, so that each key's sequence numbers reach Kafka in order.
     */
    public void produce(KafkaBroker broker, String topic, int from, int to) {
        Map<String, Object> props = broker.producerProps();
        props.put("enable.idempotence", "true");
        props.put("linger.ms", "5");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            List<Future<RecordMetadata>> acks = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                EosEvent event = events.get(i);
                acks.add(producer.send(new ProducerRecord<>(topic, event.key().getBytes(UTF_8),
                        event.encode().getBytes(UTF_8))));
            }
            producer.flush();
            for (int i = 0; i < acks.size(); i++) {
                try {
                    acks.get(i).get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    throw new IllegalStateException("Input event " + (from + i) + " to topic '" + topic
                            + "' was not acknowledged: " + e, e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while producing input to '" + topic + "'", e);
                }
            }
        }
    }

    /** The state of each event's key right after it, by id, in a run of {@code model} without faults. */
    long[] expectedStates(StateModel model) {
        Map<String, Long> state = new HashMap<>();
        long[] after = new long[events.size()];
        for (EosEvent event : events) {
            long next = model.next(state.getOrDefault(event.key(), 0L), event);
            state.put(event.key(), next);
            after[(int) event.id()] = next;
        }
        return after;
    }

    /** The final state of every key that has events, in a run of {@code model} without faults. */
    public Map<String, Long> expectedFinalStates(StateModel model) {
        Map<String, Long> state = new LinkedHashMap<>();
        for (EosEvent event : events) {
            state.put(event.key(), model.next(state.getOrDefault(event.key(), 0L), event));
        }
        return state;
    }
}
