package io.jetway.testing.eos;

import com.hazelcast.jet.Job;
import com.hazelcast.jet.core.JobStatus;
import io.jetway.testing.KafkaBroker;
import io.jetway.testing.eos.TopicReader.OutputRecord;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;

import static org.awaitility.Awaitility.await;

/**
 * Checks a job's output against its known {@link EosInput}: reads the output topic {@code read_committed}
 * (what downstream consumers see) and {@code read_uncommitted} (to count records of aborted transactions),
 * and reports lost, duplicated, out-of-order and unexpected records, and state values that differ from a
 * fault-free run of the {@link StateModel}.
 * <pre>{@code
 * EosInput input = EosInput.generate(200, 20_000, 42);
 * input.produce(broker, inputTopic);
 * try (ExactlyOnceChecker checker = new ExactlyOnceChecker(broker, outputTopic, input, StateModel.count())) {
 *     checker.awaitAllCommitted(Duration.ofSeconds(60), job);
 *     job.cancel();
 *     EosReport report = checker.check();
 *     assertThat(report.lost()).as(report.toString()).isZero();
 * }
 * }</pre>
 * Not thread-safe.
 */
public final class ExactlyOnceChecker implements AutoCloseable {

    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    private static final int EXAMPLES = 3;

    private final KafkaBroker broker;
    private final String topic;
    private final EosInput input;
    private final StateModel model;
    private final BitSet seen = new BitSet();
    private TopicReader progress;

    /**
     * @param outputTopic the topic the job writes {@link EosOutput}s to
     * @param model       what the job computes per key
     */
    public ExactlyOnceChecker(KafkaBroker broker, String outputTopic, EosInput input, StateModel model) {
        this.broker = Objects.requireNonNull(broker, "broker");
        this.topic = Objects.requireNonNull(outputTopic, "outputTopic");
        this.input = Objects.requireNonNull(input, "input");
        this.model = Objects.requireNonNull(model, "model");
    }

    /**
     * Waits until every input id was read {@code read_committed}.
     *
     * @param job fails the wait at once when it fails or completes; may be null
     * @throws AssertionError naming how many ids are missing when {@code timeout} passes first, or the job's
     *                        failure
     */
    public void awaitAllCommitted(Duration timeout, Job job) {
        awaitCommittedAtLeast(input.size(), timeout, job);
    }

    /** As {@link #awaitAllCommitted}, until at least {@code count} distinct input ids were read. */
    public void awaitCommittedAtLeast(long count, Duration timeout, Job job) {
        if (progress == null) {
            progress = new TopicReader(broker, topic, true);
        }
        String what = count + " distinct input ids of " + input.size() + " committed in topic '" + topic + "'";
        try {
            await(what).atMost(timeout).pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                       .until(() -> {
                           checkJob(job, what);
                           for (OutputRecord record : progress.pollOnce()) {
                               markSeen(record);
                           }
                           return seen.cardinality() >= count;
                       });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("Timed out after " + timeout + " waiting for " + what + ": only "
                    + seen.cardinality() + " seen" + (job == null ? "" : "; job status " + job.getStatus()), e);
        }
    }

    /** Distinct input ids read {@code read_committed} by the waits so far. */
    public long committedSoFar() {
        return seen.cardinality();
    }

    /**
     * Reads the whole output and reports; the final state per key is the state of its output with the highest
     * sequence number. Waits up to 30 s for open transactions to end first (a report lists those that did not).
     */
    public EosReport check() {
        return check(null);
    }

    /**
     * As {@link #check()}, comparing {@code actualFinalStates} (e.g. read from an IMap the job also wrote)
     * with the fault-free final states instead of the output's last states.
     */
    public EosReport check(Map<String, Long> actualFinalStates) {
        try (TopicReader uncommitted = new TopicReader(broker, topic, false);
             TopicReader committed = new TopicReader(broker, topic, true)) {
            Map<TopicPartition, Long> highWatermarks = uncommitted.endOffsets();
            List<Integer> open = awaitStable(committed, highWatermarks);
            Map<TopicPartition, Long> stable = committed.endOffsets();
            Map<TopicPartition, Long> committedEnds = new HashMap<>();
            highWatermarks.forEach((tp, hw) -> committedEnds.put(tp, Math.min(hw, stable.getOrDefault(tp, 0L))));
            List<OutputRecord> all = uncommitted.readTo(highWatermarks, READ_TIMEOUT);
            List<OutputRecord> visible = committed.readTo(committedEnds, READ_TIMEOUT);
            return analyse(all, visible, committedEnds, open, actualFinalStates);
        }
    }

    private static List<Integer> awaitStable(TopicReader committed, Map<TopicPartition, Long> highWatermarks) {
        try {
            await("last stable offsets of every partition reach the high watermarks " + highWatermarks)
                    .atMost(SETTLE_TIMEOUT).pollInSameThread().pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> unstable(committed.endOffsets(), highWatermarks).isEmpty());
            return List.of();
        } catch (ConditionTimeoutException e) {
            return unstable(committed.endOffsets(), highWatermarks);
        }
    }

    private static List<Integer> unstable(Map<TopicPartition, Long> stable, Map<TopicPartition, Long> highWatermarks) {
        List<Integer> open = new ArrayList<>();
        highWatermarks.forEach((tp, hw) -> {
            if (stable.getOrDefault(tp, 0L) < hw) {
                open.add(tp.partition());
            }
        });
        open.sort(null);
        return open;
    }

    private EosReport analyse(List<OutputRecord> all, List<OutputRecord> visible,
                              Map<TopicPartition, Long> committedEnds, List<Integer> open,
                              Map<String, Long> actualFinalStates) {
        List<EosEvent> events = input.events();
        long[] expectedStates = input.expectedStates(model);
        int[] occurrences = new int[events.size()];
        Map<String, Long> maxSeq = new HashMap<>();
        Map<String, Long> lastState = new HashMap<>();
        Set<Long> visiblePositions = new HashSet<>();
        Examples examples = new Examples();
        long duplicated = 0;
        long outOfOrder = 0;
        long unexpected = 0;
        long wrongState = 0;
        for (OutputRecord record : visible) {
            visiblePositions.add(position(record.partition(), record.offset()));
            EosOutput output;
            try {
                output = EosOutput.parse(String.valueOf(record.value()));
            } catch (IllegalArgumentException e) {
                unexpected++;
                examples.add("unexpected", record.partition() + "@" + record.offset() + " " + e.getMessage());
                continue;
            }
            if (output.id() >= events.size() || !events.get((int) output.id()).key().equals(output.key())
                    || events.get((int) output.id()).seq() != output.seq()) {
                unexpected++;
                examples.add("unexpected", output.encode() + " at " + record.partition() + "@" + record.offset());
                continue;
            }
            int id = (int) output.id();
            if (++occurrences[id] > 1) {
                duplicated++;
                examples.add("duplicated", output.encode() + " again at " + record.partition() + "@" + record.offset());
                continue;
            }
            Long max = maxSeq.get(output.key());
            if (max != null && output.seq() < max) {
                outOfOrder++;
                examples.add("out of order", output.encode() + " after seq " + max + " of " + output.key());
            } else {
                maxSeq.put(output.key(), output.seq());
                lastState.put(output.key(), output.state());
            }
            if (output.state() != expectedStates[id]) {
                wrongState++;
                examples.add("wrong state", output.encode() + ", fault-free state " + expectedStates[id]);
            }
        }
        long lost = 0;
        for (int id = 0; id < occurrences.length; id++) {
            if (occurrences[id] == 0) {
                lost++;
                examples.add("lost", events.get(id).encode());
            }
        }
        long abortedRead = 0;
        for (OutputRecord record : all) {
            long committedEnd = committedEnds.getOrDefault(new TopicPartition(topic, record.partition()), 0L);
            boolean visibleToo = visiblePositions.contains(position(record.partition(), record.offset()));
            if (record.offset() < committedEnd && !visibleToo) {
                abortedRead++;
            }
        }
        Map<String, Long> expectedFinal = input.expectedFinalStates(model);
        Map<String, Long> actualFinal = actualFinalStates != null ? actualFinalStates : lastState;
        long wrongFinalState = 0;
        for (Map.Entry<String, Long> e : new TreeMap<>(expectedFinal).entrySet()) {
            Long actual = actualFinal.get(e.getKey());
            if (!e.getValue().equals(actual)) {
                wrongFinalState++;
                examples.add("wrong final state", e.getKey() + " = " + actual + ", fault-free " + e.getValue());
            }
        }
        return new EosReport(topic, events.size(), expectedFinal.size(), visible.size(), events.size() - lost, lost,
                duplicated, outOfOrder, abortedRead, unexpected, wrongState, wrongFinalState, open, examples.list);
    }

    private void markSeen(OutputRecord record) {
        try {
            EosOutput output = EosOutput.parse(String.valueOf(record.value()));
            if (output.id() < input.size()) {
                seen.set((int) output.id());
            }
        } catch (IllegalArgumentException e) {
            // counted as unexpected by check()
        }
    }

    private static void checkJob(Job job, String what) {
        if (job == null) {
            return;
        }
        JobStatus status = job.getStatus();
        if (status == JobStatus.FAILED || status == JobStatus.COMPLETED) {
            String cause = "";
            try {
                job.getFuture().get();
            } catch (ExecutionException | CancellationException e) {
                cause = ": " + (e.getCause() != null ? e.getCause() : e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new AssertionError("Job '" + job.getName() + "' is " + status + " while waiting for " + what + cause);
        }
    }

    private static long position(int partition, long offset) {
        return ((long) partition << 44) | offset;
    }

    @Override
    public void close() {
        if (progress != null) {
            progress.close();
            progress = null;
        }
    }

    /** Up to {@value #EXAMPLES} examples per kind of anomaly. */
    private static final class Examples {
        private final Map<String, Integer> counts = new HashMap<>();
        private final List<String> list = new ArrayList<>();

        void add(String kind, String example) {
            if (counts.merge(kind, 1, Integer::sum) <= EXAMPLES) {
                list.add(kind + ": " + example);
            }
        }
    }
}
