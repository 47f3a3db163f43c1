package io.jetway.benchmarks.e2e;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TraceOptions;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.util.SerializedThrowable;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * An embedded Flink {@link MiniCluster} in this JVM (one TaskManager with {@link FlinkConfig#PARALLELISM}
 * slots, REST on a free port, {@link FlinkSpanReporterFactory}'s trace reporter), the Flink counterpart of
 * {@link JetRuns}: submits jobs, optionally from a checkpoint, triggers checkpoints, cancels jobs and waits
 * for conditions while failing with the job's own failure when it ends first.
 */
final class FlinkCluster implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofMinutes(15);

    private final Configuration configuration;
    private final MiniCluster cluster;

    private FlinkCluster(Configuration configuration, MiniCluster cluster) {
        this.configuration = configuration;
        this.cluster = cluster;
    }

    /** Starts a cluster whose TaskManager and jobs use {@code settings} ({@link FlinkConfig}). */
    static FlinkCluster start(Configuration settings) throws Exception {
        Configuration c = new Configuration(settings);
        c.set(RestOptions.BIND_PORT, "0");      // other benchmarks and builds may run a Flink on 8081
        c.setString(TraceOptions.TRACE_REPORTERS_LIST.key(), FlinkSpanReporterFactory.NAME);
        c.setString("traces.reporter." + FlinkSpanReporterFactory.NAME + "."
                + TraceOptions.REPORTER_FACTORY_CLASS.key(), FlinkSpanReporterFactory.class.getName());
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(c)
                .setNumTaskManagers(1).setNumSlotsPerTaskManager(FlinkConfig.PARALLELISM).build());
        cluster.start();
        return new FlinkCluster(c, cluster);
    }

    /** A new environment to build one job in; {@link #submit} runs it on this cluster. */
    StreamExecutionEnvironment environment() {
        return StreamExecutionEnvironment.createLocalEnvironment(configuration);
    }

    /**
     * Submits the job built in {@code env} as {@code name}; with {@code checkpoint} not {@code null} it starts
     * from that retained checkpoint, which it claims (as a restart of the same job would).
     */
    JobID submit(StreamExecutionEnvironment env, String name, String checkpoint) throws Exception {
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName(name);
        if (checkpoint != null) {
            graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(checkpoint, false,
                    RecoveryClaimMode.CLAIM));
        }
        return cluster.submitJob(graph).get(5, TimeUnit.MINUTES).getJobID();
    }

    /**
     * Triggers a checkpoint of {@code job} and returns its path once complete; retries while the job's tasks
     * are still being deployed (a checkpoint needs all of them running).
     */
    String checkpoint(JobID job) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            try {
                return cluster.triggerCheckpoint(job).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                if (System.nanoTime() - deadline > 0 || status(job).isTerminalState()) {
                    throw new IllegalStateException("no checkpoint of Flink job " + describe(job), e);
                }
                System.err.println("Checkpoint of Flink job " + job + " refused, trying again: " + e);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
    }

    /** Whether {@code job} has not ended (yet); {@code false} also when its status cannot be read. */
    boolean running(JobID job) {
        try {
            return !status(job).isGloballyTerminalState();
        } catch (Exception e) {
            return false;
        }
    }

    /** The job's status. */
    JobStatus status(JobID job) throws Exception {
        return cluster.getJobStatus(job).get(1, TimeUnit.MINUTES);
    }

    /**
     * Waits until {@code condition} holds; fails with what was awaited, and the job's failure if any, when
     * the job ends first or 15 minutes pass.
     */
    void await(JobID job, BooleanSupplier condition, String what) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            boolean ended = status(job).isGloballyTerminalState();
            if (ended && condition.getAsBoolean()) {
                return;                          // a bounded job may finish right after its last record
            }
            if (ended || System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("waiting for " + what + ": Flink job " + describe(job));
            }
            // coarse: the jobs timestamp their records themselves, and each round asks the JobMaster for the status
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /** Cancels {@code job} unless it has ended, and waits until it has. */
    void cancel(JobID job) throws Exception {
        if (!status(job).isGloballyTerminalState()) {
            try {
                cluster.cancelJob(job).get(1, TimeUnit.MINUTES);
            } catch (Exception e) {
                System.err.println("Cancel of Flink job " + job + ": " + e);   // it may have ended meanwhile
            }
        }
        cluster.requestJobResult(job).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The job's id and status, and for a job that ended, its failure if any. */
    String describe(JobID job) throws Exception {
        JobStatus status = status(job);
        if (!status.isGloballyTerminalState()) {
            return job + " is " + status;
        }
        JobResult result = cluster.requestJobResult(job).get(1, TimeUnit.MINUTES);
        return job + " is " + status + result.getSerializedThrowable()
                .map(SerializedThrowable::getFullStringifiedStackTrace).map(trace -> ": " + trace).orElse("");
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
