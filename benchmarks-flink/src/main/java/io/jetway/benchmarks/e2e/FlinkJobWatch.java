package io.jetway.benchmarks.e2e;

import org.apache.flink.api.common.JobID;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Follows a job of a {@link FlinkStandaloneCluster} over REST every {@value #POLL_MS} ms on a daemon thread:
 * whether it is alive, and after {@link #killed(long)} when the JobMaster reacted to the failure (a task no longer
 * {@code RUNNING}) and when every task was {@code RUNNING} again. A region failover restarts tasks without changing
 * the job's state, hence the tasks.
 */
final class FlinkJobWatch implements AutoCloseable {

    private static final long POLL_MS = 20;

    private final FlinkStandaloneCluster cluster;
    private final JobID job;
    private final Thread thread;
    private volatile boolean alive = true;
    private volatile boolean stopped;
    private volatile long killNs;
    private volatile long reactedNs;
    private volatile long runningAgainNs;
    private volatile String lastError = "";

    FlinkJobWatch(FlinkStandaloneCluster cluster, JobID job) {
        this.cluster = cluster;
        this.job = job;
        this.thread = new Thread(this::poll, "flink-job-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void poll() {
        int failedPolls = 0;
        while (!stopped) {
            try {
                FlinkStandaloneCluster.JobState state = cluster.state(job);
                long now = System.nanoTime();
                failedPolls = 0;
                alive = !state.ended();
                if (killNs != 0 && reactedNs == 0 && !state.allTasksRunning()) {
                    reactedNs = now;
                } else if (reactedNs != 0 && runningAgainNs == 0 && state.allTasksRunning()) {
                    runningAgainNs = now;
                }
            } catch (IOException e) {
                lastError = e.toString();
                // the REST endpoint can be slow while the JobManager handles the failure; a dead one ends the job
                alive = cluster.jobManagerAlive() && ++failedPolls < 500;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MS));
        }
    }

    /** Whether the job has not ended (yet). */
    boolean alive() {
        return alive;
    }

    /** The kill's {@code System.nanoTime()}: from now on the reaction and the restart are recorded. */
    void killed(long nanos) {
        killNs = nanos;
    }

    /** When a task stopped running after the kill. */
    long reactedNs() {
        return check(reactedNs, "a task stop after the kill");
    }

    /** When every task ran again after that. */
    long runningAgainNs() {
        return check(runningAgainNs, "every task running again after the kill");
    }

    private long check(long nanos, String what) {
        if (nanos == 0) {
            throw new IllegalStateException("Flink job " + job + ": never saw " + what + " (last REST error: "
                    + lastError + ")");
        }
        return nanos;
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.join(TimeUnit.SECONDS.toMillis(15));
    }
}
