package io.jetway.soak;

import com.hazelcast.jet.Job;
import com.hazelcast.jet.core.JobStatus;
import io.jetway.testing.JetJobs;
import io.jetway.testing.KafkaBrokerProcess;
import io.jetway.testing.KafkaTestData;
import io.jetway.testing.eos.EosInput;
import io.jetway.testing.eos.EosReport;
import io.jetway.testing.eos.ExactlyOnceChecker;
import io.jetway.testing.eos.StateModel;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * Runs one {@link SoakScenario} end to end on a fresh three-member cluster and the shared broker, and returns
 * its {@link RunResult}:
 * <ol>
 *     <li>new input and output topics (4 partitions), the input generated from the run's seed and written all
 *     ({@code BATCH}) or half ({@code LIVE}) before the job;</li>
 *     <li>the job submitted; time to its first committed output measured;</li>
 *     <li>{@code LIVE}: the rest written in ten chunks, each once the committed output is within two chunks of
 *     the input; the fault injected once the committed output reaches a random point between 10 % and 80 % of
 *     the input;</li>
 *     <li>a wait until every event has a committed output, for as long as the output keeps moving (it may
 *     stand still for the progress deadline); then the job is
 *     cancelled (once it is RUNNING again: a job stuck restarting is a stall) and the exactly-once checker
 *     reads the whole output.</li>
 * </ol>
 * A wait that times out with the job not FAILED is a stall when the output cannot settle (a partition's last
 * stable offset stays below its high watermark) or the job is not RUNNING; with the output settled and the job
 * RUNNING, the events without output are lost.
 */
final class SoakRunner {

    private static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(30);
    private static final int LIVE_CHUNKS = 10;

    /** How {@link RunResult#failed()} starts when the run itself, not the job, failed. */
    static final String RUN_ERROR = "run error: ";

    private final KafkaBrokerProcess broker;
    private final SoakSettings settings;

    SoakRunner(KafkaBrokerProcess broker, SoakSettings settings) {
        this.broker = broker;
        this.settings = settings;
    }

    RunResult run(SoakScenario scenario) {
        Outcome outcome = new Outcome(scenario);
        try {
            prepare(scenario, outcome);
        } catch (RuntimeException | AssertionError e) {
            outcome.failed = RUN_ERROR + e.getClass().getName() + ": " + Outcome.firstLine(e);
            String full = String.valueOf(e);
            outcome.details.add(full.length() > 3_000 ? full.substring(0, 3_000) + "..." : full);
        }
        return outcome.result();
    }

    private void prepare(SoakScenario scenario, Outcome outcome) {
        EosInput input = EosInput.generate(settings.accounts(), settings.events(), scenario.seed());
        String name = KafkaTestData.uniqueTopic("soak-" + scenario.shortName());
        String inputTopic = name + "-in";
        String outputTopic = name + "-out";
        try {
            broker.createTopic(inputTopic, settings.partitions());
            broker.createTopic(outputTopic, settings.partitions());
            runJob(scenario, outcome, input, name, inputTopic, outputTopic);
        } finally {
            deleteTopics(outcome, inputTopic, outputTopic, SoakJobs.changelogTopic(inputTopic));
        }
    }

    private void runJob(SoakScenario scenario, Outcome outcome, EosInput input, String name, String inputTopic,
                        String outputTopic) {
        Random random = new Random(scenario.seed() + 1);
        int events = settings.events();
        long faultAt = events / 10 + (long) (random.nextDouble() * events * 0.7);
        StateModel model = AccountModel.countAndSum();
        int produced = scenario.input() == SoakScenario.Input.BATCH ? events : events / 2;
        input.produce(broker, inputTopic, 0, produced);

        try (SoakCluster cluster = SoakCluster.start();
             ExactlyOnceChecker checker = new ExactlyOnceChecker(broker, outputTopic, input, model)) {
            long submittedNs = System.nanoTime();
            Job job = cluster.coordinator().getJet().newJob(
                    SoakJobs.pipeline(scenario, broker.bootstrapServers(), inputTopic, outputTopic, model),
                    SoakJobs.config(name, settings));
            FaultInjector injector = new FaultInjector(cluster, broker, settings);
            try {
                checker.awaitCommittedAtLeast(1, settings.firstOutput(), job);
                outcome.firstOutputMs = (System.nanoTime() - submittedNs) / 1_000_000;
                int chunk = Math.max(1, (events - produced) / LIVE_CHUNKS);
                while (produced < events) {
                    if (outcome.faultApplied.isEmpty() && faultAt <= produced) {
                        injectAt(faultAt, scenario, injector, checker, job, outcome);
                    }
                    awaitProgress(checker, Math.max(1, produced - 2L * chunk), job);
                    int to = Math.min(events, produced + chunk);
                    input.produce(broker, inputTopic, produced, to);
                    produced = to;
                }
                if (outcome.faultApplied.isEmpty()) {
                    injectAt(faultAt, scenario, injector, checker, job, outcome);
                }
                awaitProgress(checker, events, job);
                // A job that cannot get back to RUNNING (e.g. stuck in a graceful restart) would take no new input.
                JetJobs.awaitWhileRunning(job, "job '" + job.getName() + "' RUNNING again once its output is complete",
                        settings.progressDeadline()).pollInterval(Duration.ofMillis(50))
                       .until(() -> job.getStatus() == JobStatus.RUNNING);
            } catch (AssertionError | ConditionTimeoutException e) {
                outcome.timedOut(job, checker.committedSoFar(), events, e);
                if (produced < events) {         // so that every event is accounted for by the check
                    input.produce(broker, inputTopic, produced, events);
                }
            }
            cancel(job, outcome);
            EosReport report = checker.check();
            outcome.take(report, job);
            if (!report.openTransactions().isEmpty()) {
                outcome.details.add("open transactions: " + openTransactions(outputTopic, report.openTransactions(),
                        name));
            }
        }
    }

    // Waits until `target` events have committed output; fails only when the output stands still for the
    // progress deadline (a long input may take longer than that as a whole on a loaded machine).
    private void awaitProgress(ExactlyOnceChecker checker, long target, Job job) {
        while (true) {
            long before = checker.committedSoFar();
            try {
                checker.awaitCommittedAtLeast(target, settings.progressDeadline(), job);
                return;
            } catch (AssertionError e) {
                if (!(e.getCause() instanceof ConditionTimeoutException) || checker.committedSoFar() == before) {
                    throw e;
                }
            }
        }
    }

    // Keeps the broker small: a broker killed with -9 recovers every partition's log before it serves again, and
    // keyed-edge changelogs have 271 partitions each.
    private void deleteTopics(Outcome outcome, String... topics) {
        try {
            Set<String> existing = broker.admin().listTopics().names().get(30, TimeUnit.SECONDS);
            List<String> delete = Arrays.stream(topics).filter(existing::contains).toList();
            broker.admin().deleteTopics(delete).all().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            outcome.details.add("could not delete topics " + Arrays.toString(topics) + ": " + e);
        }
    }

    private void injectAt(long faultAt, SoakScenario scenario, FaultInjector injector, ExactlyOnceChecker checker,
                          Job job, Outcome outcome) {
        awaitProgress(checker, faultAt, job);
        long at = checker.committedSoFar();
        String what = injector.inject(scenario.fault(), job);
        outcome.faultApplied = scenario.fault() + " at " + at + "/" + settings.events() + " committed: " + what;
    }

    private static void cancel(Job job, Outcome outcome) {
        long startNs = System.nanoTime();
        try {
            job.cancel();
            await("job '" + job.getName() + "' ended after cancel()").atMost(CANCEL_TIMEOUT)
                    .pollInterval(Duration.ofMillis(50)).until(() -> job.getStatus().isTerminal());
            outcome.details.add("cancelled in " + (System.nanoTime() - startNs) / 1_000_000 + " ms");
        } catch (RuntimeException e) {
            outcome.details.add("cancel: " + e + " (status " + job.getStatus() + ")");
        }
    }

    // The producers that hold each stuck partition's last stable offset, and the coordinator's view of the run's
    // transactional ids: the evidence issue 12 asks for when the output stalls.
    private String openTransactions(String outputTopic, List<Integer> partitions, String idPrefix) {
        List<TopicPartition> open = new ArrayList<>();
        partitions.forEach(p -> open.add(new TopicPartition(outputTopic, p)));
        StringBuilder text = new StringBuilder("partitions ").append(partitions);
        try {
            text.append(", producers ").append(broker.admin().describeProducers(open).all().get(30, TimeUnit.SECONDS));
            List<String> transactions = new ArrayList<>();
            for (TransactionListing listing : broker.admin().listTransactions().all().get(30, TimeUnit.SECONDS)) {
                if (listing.transactionalId().startsWith(idPrefix)) {
                    transactions.add(listing.transactionalId() + "=" + listing.state());
                }
            }
            text.append(", transactions ").append(transactions);
        } catch (Exception e) {
            text.append(" (cannot describe: ").append(e).append(')');
        }
        return text.toString();
    }

    /** The result of a run as it builds up. */
    private static final class Outcome {
        private final SoakScenario scenario;
        private final long startNs = System.nanoTime();
        private final List<String> details = new ArrayList<>();
        private String faultApplied = "";
        private long firstOutputMs = -1;
        private String timeout = "";
        private JobStatus statusAtTimeout;
        private String failed = "";
        private EosReport report;

        Outcome(SoakScenario scenario) {
            this.scenario = scenario;
        }

        void timedOut(Job job, long committed, int events, Throwable e) {
            statusAtTimeout = job.getStatus();
            if (statusAtTimeout == JobStatus.FAILED || statusAtTimeout == JobStatus.COMPLETED) {
                failed = "job " + statusAtTimeout + failureOf(job);
            } else {
                timeout = committed + "/" + events + " committed, job " + statusAtTimeout + ": " + firstLine(e);
            }
        }

        void take(EosReport report, Job job) {
            this.report = report;
            details.add("job status after cancel " + job.getStatus() + ", " + report.committedRecords()
                    + " records read_committed, " + report.abortedRead() + " aborted");
            details.addAll(report.examples());
        }

        RunResult result() {
            long lost = 0;
            long invisible = 0;
            String stalled = "";
            if (report != null) {
                boolean open = !report.openTransactions().isEmpty();
                if (open || !failed.isEmpty()) {
                    invisible = report.lost();
                } else {
                    lost = report.lost();
                }
                if (!timeout.isEmpty() && (open || statusAtTimeout != JobStatus.RUNNING)) {
                    stalled = timeout + (open ? "; last stable offset stuck on partitions " + report.openTransactions()
                            : "");
                }
            } else if (!timeout.isEmpty()) {
                stalled = timeout;
            }
            if (!timeout.isEmpty() && stalled.isEmpty()) {
                details.add("timed out with the output settled (counted as lost): " + timeout);
            }
            return new RunResult(scenario, faultApplied, firstOutputMs, lost,
                    report == null ? 0 : report.duplicated(), report == null ? 0 : report.outOfOrder(),
                    report == null ? 0 : report.wrongState() + report.wrongFinalState(),
                    report == null ? 0 : report.unexpected(), invisible, stalled, failed,
                    report == null ? 0 : report.abortedRead(), (System.nanoTime() - startNs) / 1_000_000, details);
        }

        private static String failureOf(Job job) {
            try {
                job.getFuture().join();
                return "";
            } catch (CompletionException | CancellationException e) {
                return ": " + (e.getCause() != null ? e.getCause() : e);
            }
        }

        static String firstLine(Throwable e) {
            String message = String.valueOf(e.getMessage());
            int nl = message.indexOf('\n');
            return nl < 0 ? message : message.substring(0, nl);
        }
    }
}
