package io.jetway.examples.fraud;

import com.hazelcast.jet.aggregate.AggregateOperation1;
import com.hazelcast.jet.aggregate.AggregateOperations;
import com.hazelcast.jet.datamodel.KeyedWindowResult;
import com.hazelcast.jet.datamodel.Tuple2;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.StreamStage;
import com.hazelcast.jet.pipeline.StreamStageWithKey;
import com.hazelcast.jet.pipeline.WindowDefinition;
import io.jetway.JetwaySinks;
import io.jetway.JetwaySources;
import io.jetway.JetwayState;
import io.jetway.JetwaySync;
import io.jetway.KafkaSinkConfig;
import io.jetway.KafkaSourceConfig;
import io.jetway.examples.fraud.proto.Payment;
import io.jetway.protobuf.decode.ProtobufDecoder;
import io.jetway.spi.codec.RecordEncoder;
import io.jetway.state.StateConfig;
import io.jetway.state.StatefulFunctions;

import java.nio.ByteBuffer;
import java.util.Map;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * The fraud-detection pipeline:
 * <pre>
 *   payments (Kafka, Protobuf, zero-copy decode, event time = payment time)
 *     ├─ per account, tumbling 10 s windows (count, total) ─ rule ─> alerts (Kafka, exactly once)
 *     └─ per account, running totals ─> IMap account_summaries (XA, exactly once, SQL-queryable)
 * </pre>
 * Both stateful stages keep their state in the backend named in {@code state}.
 */
public final class FraudPipeline {

    /** The IMap of account summaries. */
    public static final String SUMMARIES = "account_summaries";

    private FraudPipeline() {
    }

    /** Builds the pipeline. */
    public static Pipeline build(String bootstrapServers, String paymentsTopic, String alertsTopic, StateConfig state) {
        AggregateOperation1<Payment, ?, Tuple2<Long, Long>> countAndTotal = AggregateOperations.allOf(
                AggregateOperations.counting(), AggregateOperations.summingLong(Payment::getAmountCents));

        Pipeline pipeline = Pipeline.create();
        StreamStage<Payment> payments = pipeline
                .readFrom(JetwaySources.kafka(KafkaSourceConfig.builder(bootstrapServers).topics(paymentsTopic)
                        .build(), ProtobufDecoder.supplier(Payment.class)))
                .withTimestamps(Payment::getTimestampMs, 5_000)
                .setName("payments");
        StreamStageWithKey<Payment, String> byAccount = payments.groupingKey(Payment::getAccount);

        JetwayState.window(byAccount, state, WindowDefinition.tumbling(FraudRule.WINDOW_MS), countAndTotal)
                .filter(w -> !PaymentGenerator.END_MARKER.equals(w.key())
                        && FraudRule.isSuspicious(w.result().f0(), w.result().f1()))
                .map(FraudPipeline::alertOf)
                .writeTo(JetwaySinks.kafka(KafkaSinkConfig.builder(bootstrapServers).topic(alertsTopic).build(),
                        AlertEncoder::new));

        // No stage between the running totals and the map sink: a stateless stage in between would take the
        // updates of one account over a round-robin edge and could hand them to the sink out of order.
        StreamStageWithKey<Payment, String> realAccounts = payments
                .filter(p -> !PaymentGenerator.END_MARKER.equals(p.getAccount()))
                .groupingKey(Payment::getAccount);
        runningTotals(realAccounts, state, countAndTotal)
                .writeTo(JetwaySync.map(SUMMARIES, Map.Entry::getKey,
                        e -> new AccountSummary(e.getKey(), e.getValue().f0(), e.getValue().f1())));
        return pipeline;
    }

    private static <A> StreamStage<Map.Entry<String, Tuple2<Long, Long>>> runningTotals(
            StreamStageWithKey<Payment, String> byAccount, StateConfig state,
            AggregateOperation1<Payment, A, Tuple2<Long, Long>> operation) {
        return JetwayState.mapStateful(byAccount, state, StatefulFunctions.<String, Payment, A, Tuple2<Long, Long>>aggregate(
                operation));
    }

    private static Alert alertOf(KeyedWindowResult<String, Tuple2<Long, Long>> window) {
        return new Alert(window.key(), window.start(), window.result().f0(), window.result().f1());
    }

    /** Writes an alert as its text line, keyed by account. */
    static final class AlertEncoder implements RecordEncoder<Alert> {
        @Override
        public ByteBuffer encodeKey(Alert alert) {
            return ByteBuffer.wrap(alert.account().getBytes(UTF_8));
        }

        @Override
        public ByteBuffer encodeValue(Alert alert) {
            return ByteBuffer.wrap(alert.toBytes());
        }
    }
}
