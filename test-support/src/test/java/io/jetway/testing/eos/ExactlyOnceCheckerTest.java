package io.jetway.testing.eos;

import io.jetway.testing.KafkaBroker;
import io.jetway.testing.KafkaTestData;
import io.jetway.testing.SharedKafka;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The checker finds each kind of anomaly, and only it: an output written by hand with one lost, one
 * duplicated, one out-of-order, one wrong-state and two unexpected records, plus three records of an
 * aborted transaction.
 */
class ExactlyOnceCheckerTest {

    private final KafkaBroker kafka = SharedKafka.get();

    @Test
    void shouldCountEveryKindOfAnomaly() {
        String topic = KafkaTestData.uniqueTopic("checker");
        kafka.createTopic(topic, 2);
        EosInput input = EosInput.generate(3, 60, 7);
        StateModel model = StateModel.count();
        List<EosOutput> outputs = faultFree(input, model);
        // each anomaly on an event that is not the last of its key, so that final states stay right
        EosOutput lost = notLast(outputs, 0);
        EosOutput duplicated = notLast(outputs, 5);
        EosOutput wrongState = notLast(outputs, 10);
        EosOutput early = notLast(outputs, 20);
        EosOutput late = outputs.stream().filter(o -> o.key().equals(early.key()) && o.seq() == early.seq() + 1)
                                .findFirst().orElseThrow();
        List<String> written = new ArrayList<>();
        for (EosOutput output : outputs) {
            if (output == lost || output == late) {
                continue;
            }
            if (output == early) {
                written.add(late.encode());
            }
            written.add(output == wrongState ? new EosOutput(output.id(), output.key(), output.seq(),
                    output.state() + 100).encode() : output.encode());
            if (output == duplicated) {
                written.add(output.encode());
            }
        }
        written.add("garbage");
        written.add(new EosOutput(999, "k0", 0, 1).encode());
        writeKeyed(topic, written);
        writeAbortedTransaction(topic, List.of(outputs.get(1).encode(), outputs.get(2).encode(), "x"));

        try (ExactlyOnceChecker checker = new ExactlyOnceChecker(kafka, topic, input, model)) {
            EosReport report = checker.check();
            assertThat(report.lost()).as(report.toString()).isEqualTo(1);
            assertThat(report.duplicated()).as(report.toString()).isEqualTo(1);
            assertThat(report.outOfOrder()).as(report.toString()).isEqualTo(1);
            assertThat(report.wrongState()).as(report.toString()).isEqualTo(1);
            assertThat(report.unexpected()).as(report.toString()).isEqualTo(2);
            assertThat(report.abortedRead()).as(report.toString()).isEqualTo(3);
            assertThat(report.wrongFinalState()).as(report.toString()).isZero();
            assertThat(report.committedRecords()).isEqualTo(input.size() - 1 + 1 + 2);
            assertThat(report.distinctIds()).isEqualTo(input.size() - 1);
            assertThat(report.openTransactions()).isEmpty();
            assertThat(report.isExactlyOnce()).isFalse();
            assertThat(report.toString()).contains("lost: " + lost.id() + ":").contains("NOT EXACTLY ONCE");
            assertThatThrownBy(report::assertExactlyOnce).isInstanceOf(AssertionError.class)
                                                         .hasMessageContaining("duplicated");
        }
    }

    private static List<EosOutput> faultFree(EosInput input, StateModel model) {
        Map<String, Long> state = new HashMap<>();
        List<EosOutput> outputs = new ArrayList<>();
        for (EosEvent event : input.events()) {
            long next = model.next(state.getOrDefault(event.key(), 0L), event);
            state.put(event.key(), next);
            outputs.add(EosOutput.of(event, next));
        }
        return outputs;
    }

    private static EosOutput notLast(List<EosOutput> outputs, int from) {
        for (int i = from; i < outputs.size(); i++) {
            EosOutput candidate = outputs.get(i);
            long laterOfKey = outputs.stream()
                                     .filter(o -> o.key().equals(candidate.key()) && o.seq() > candidate.seq() + 1)
                                     .count();
            if (laterOfKey > 0) {
                return candidate;
            }
        }
        throw new IllegalStateException("no event with two later events of its key after " + from);
    }

    private void writeKeyed(String topic, List<String> values) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerProps())) {
            for (String value : values) {
                String key = value.contains(":") ? value.split(":")[1] : "none";
                producer.send(new ProducerRecord<>(topic, Math.abs(key.hashCode()) % 2, key.getBytes(UTF_8),
                        value.getBytes(UTF_8)));
            }
            producer.flush();
        }
    }

    private void writeAbortedTransaction(String topic, List<String> values) {
        Map<String, Object> props = kafka.producerProps();
        props.put("transactional.id", topic + "-aborted");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            producer.initTransactions();
            producer.beginTransaction();
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, 0, null, value.getBytes(UTF_8)));
            }
            producer.flush();
            producer.abortTransaction();
        }
    }
}
