package io.jetway.kafka.common.txn;

import com.hazelcast.logging.ILogger;
import io.jetway.kafka.common.txn.OpenTransactions.OpenTransaction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches the topics a job writes transactionally for hanging transactions (see {@link OpenTransactions})
 * of the job's own transactional ids, on a daemon thread of its own. One seen hanging in two probes in a
 * row becomes {@link #failure()}, which the writer turns into a job failure: a job never runs on while every
 * {@code read_committed} reader of what it wrote is stuck behind a transaction no coordinator will end.
 * Hanging transactions of other producers are logged once each.
 */
public final class HangingTransactionWatch implements AutoCloseable {

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final Admin admin;
    private final Collection<String> topics;
    private final String transactionalIdPrefix;
    private final String bootstrapServers;
    private final String where;
    private final ILogger logger;
    private final ScheduledExecutorService thread;
    private final List<OpenTransaction> reportedForeign = new ArrayList<>();
    private List<OpenTransaction> previous = List.of();
    private volatile String failure;

    private HangingTransactionWatch(Map<String, Object> adminProperties, Collection<String> topics,
                                    String transactionalIdPrefix, String bootstrapServers, String where,
                                    ILogger logger) {
        this.admin = Admin.create(adminProperties);
        this.topics = List.copyOf(topics);
        this.transactionalIdPrefix = transactionalIdPrefix;
        this.bootstrapServers = bootstrapServers;
        this.where = where;
        this.logger = logger;
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "jetway-hanging-transaction-watch-" + transactionalIdPrefix);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts probing {@code topics} every {@code interval} for hanging transactions of ids that start with
     * {@code transactionalIdPrefix}.
     */
    public static HangingTransactionWatch start(Map<String, Object> adminProperties, Collection<String> topics,
                                                String transactionalIdPrefix, String bootstrapServers,
                                                Duration interval, String where, ILogger logger) {
        HangingTransactionWatch watch = new HangingTransactionWatch(adminProperties, topics, transactionalIdPrefix,
                bootstrapServers, where, logger);
        watch.thread.scheduleWithFixedDelay(watch::probe, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        return watch;
    }

    /** What hangs, with what to do, once found; {@code null} until then. */
    public String failure() {
        return failure;
    }

    private void probe() {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (TopicDescription topic : admin.describeTopics(topics).allTopicNames()
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).values()) {
                topic.partitions().forEach(p -> partitions.add(new TopicPartition(topic.name(), p.partition())));
            }
            List<OpenTransaction> ours = new ArrayList<>();
            for (OpenTransaction t : OpenTransactions.of(admin, partitions, ADMIN_TIMEOUT).hanging()) {
                if (t.transactionalId() != null && t.transactionalId().startsWith(transactionalIdPrefix)) {
                    ours.add(t);
                } else if (OpenTransactions.stillHanging(reportedForeign, List.of(t)).isEmpty()) {
                    reportedForeign.add(t);
                    logger.warning(where + ": a transaction of another producer hangs on a topic this job writes, "
                            + "read_committed readers stop there: " + t.describe() + "; to end it: "
                            + t.abortCommand(bootstrapServers));
                }
            }
            List<OpenTransaction> confirmed = OpenTransactions.stillHanging(previous, ours);
            previous = ours;
            if (!confirmed.isEmpty() && failure == null) {
                failure = OpenTransactions.explain(confirmed, bootstrapServers, "the topics this job writes",
                        "the output that transaction wrote there is then discarded although its coordinator had "
                        + "committed it: those records are lost to read_committed readers and must be written "
                        + "again (e.g. by re-processing their input with a new job)");
                logger.severe(where + ": " + failure);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            logger.fine(where + ": the hanging-transaction probe failed this time: " + e);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        admin.close(Duration.ofSeconds(5));
    }
}
