package io.jetway.internal.kafka.sink;

import com.hazelcast.jet.JetException;
import com.hazelcast.logging.ILogger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * After recovery committed (or found already ended) the transactions of the restored snapshot, reads each
 * one's {@link CommitWitness} {@code read_committed}: the coordinator no longer tells a committed transaction
 * from one it aborted after {@code transaction.timeout.ms}, but the log does. A witness that is skipped
 * (aborted) fails the job: the snapshot's input positions are past those records, so they would be lost
 * silently otherwise. A witness that cannot be read (deleted by retention, or an open transaction of someone
 * else holds the last stable offset below it for longer than the timeout) is logged, not fatal.
 * <p>
 * Blocking; run off the processing thread.
 */
final class WitnessVerifier {

    private static final Duration POLL = Duration.ofMillis(100);

    private static final long PROGRESS_LOG_MS = 5_000;

    private final Map<String, Object> consumerProperties;
    private final Map<String, Object> adminProperties;
    private final String where;
    private final long timeoutMs;
    private final long transactionTimeoutMs;
    private final ILogger logger;

    WitnessVerifier(Map<String, Object> consumerProperties, Map<String, Object> adminProperties, String where,
                    long timeoutMs, long transactionTimeoutMs, ILogger logger) {
        this.consumerProperties = consumerProperties;
        this.adminProperties = adminProperties;
        this.where = where;
        this.timeoutMs = timeoutMs;
        this.transactionTimeoutMs = transactionTimeoutMs;
        this.logger = logger;
    }

    /** What a witness read found. */
    enum Outcome { COMMITTED, ABORTED, UNKNOWN }

    /**
     * Verifies every transaction, in order.
     *
     * @param cancelled stops waiting when the processor closes
     * @throws JetException when one was aborted
     */
    void verify(List<SinkTransaction> transactions, BooleanSupplier cancelled) {
        if (transactions.isEmpty()) {
            return;
        }
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties)) {
            for (SinkTransaction transaction : transactions) {
                Outcome outcome = read(consumer, transaction.witness(), cancelled);
                switch (outcome) {
                    case COMMITTED -> logger.fine(where + ": " + transaction + " is committed");
                    case UNKNOWN -> logger.warning(where + ": cannot tell whether " + transaction + " was committed: "
                            + "its witness record was not readable within " + timeoutMs + " ms (deleted by retention, "
                            + "or an open transaction holds the last stable offset below it: "
                            + openTransactions(transaction.witness()) + ")");
                    case ABORTED -> throw new JetException(where + ": " + transaction + ", prepared in the snapshot "
                            + "being restored, was ABORTED, not committed: most likely the broker aborted it because "
                            + "the recovery took longer than transaction.timeout.ms=" + transactionTimeoutMs + " after "
                            + "it was prepared. Its " + transaction.records() + " records are LOST for this job (the "
                            + "snapshot's input positions are past them). Re-process their input and raise "
                            + "KafkaSinkConfig.transactionTimeout above the longest recovery (at most the broker's "
                            + "transaction.max.timeout.ms)");
                    default -> throw new IllegalStateException(String.valueOf(outcome));
                }
            }
        }
    }

    /** The producers with an open transaction on the witness's partition, for messages. */
    private String openTransactions(CommitWitness witness) {
        TopicPartition tp = new TopicPartition(witness.topic(), witness.partition());
        try (Admin admin = Admin.create(adminProperties)) {
            List<String> open = new ArrayList<>();
            for (ProducerState producer : admin.describeProducers(List.of(tp)).partitionResult(tp)
                                               .get(10, TimeUnit.SECONDS).activeProducers()) {
                if (producer.currentTransactionStartOffset().isPresent()) {
                    open.add("producerId " + producer.producerId() + " epoch " + producer.producerEpoch()
                            + " from offset " + producer.currentTransactionStartOffset().getAsLong());
                }
            }
            return open.isEmpty() ? "none" : open.toString();
        } catch (Exception e) {
            return "(cannot describe the producers of " + tp + ": " + e + ")";
        }
    }

    private Outcome read(KafkaConsumer<byte[], byte[]> consumer, CommitWitness witness, BooleanSupplier cancelled) {
        TopicPartition tp = new TopicPartition(witness.topic(), witness.partition());
        consumer.assign(List.of(tp));
        consumer.seek(tp, witness.offset());
        long startNs = System.nanoTime();
        long deadlineNs = startNs + timeoutMs * 1_000_000L;
        long nextLogNs = startNs + PROGRESS_LOG_MS * 1_000_000L;
        while (System.nanoTime() - deadlineNs < 0 && !cancelled.getAsBoolean()) {
            if (System.nanoTime() - nextLogNs > 0) {
                nextLogNs += PROGRESS_LOG_MS * 1_000_000L;
                logger.info(where + ": still waiting for the last stable offset of " + tp + " to pass witness "
                        + witness + "; open transactions there: " + openTransactions(witness));
            }
            try {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL).records(tp)) {
                    // read_committed returns committed records only: the witness itself, or the first after it
                    return record.offset() == witness.offset() ? Outcome.COMMITTED : Outcome.ABORTED;
                }
                // aborted batches are skipped without returning anything, but the position moves past them
                if (consumer.position(tp) > witness.offset()) {
                    return Outcome.ABORTED;
                }
            } catch (OffsetOutOfRangeException e) {
                return Outcome.UNKNOWN;
            }
        }
        return Outcome.UNKNOWN;
    }
}
