package io.jetway.benchmarks.e2e;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.changelog.fs.FsStateChangelogOptions;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateChangelogOptions;
import org.apache.flink.core.execution.CheckpointingMode;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The Flink settings of the variants, one {@link Configuration} for the cluster and its jobs (the changelog
 * storage is read from the TaskManager's configuration, the state backend from the job's): streaming mode,
 * parallelism {@value #PARALLELISM}, object reuse on (so chained operators hand records on without a copy), no
 * restarts (a failure ends the job, and the run, with its cause, instead of a measurement with a recovery in it);
 * for the stateful jobs the {@code hashmap} backend, aligned exactly-once checkpoints every
 * {@code snapshotIntervalMs} to a local directory, and with {@code changelog} also
 * {@code state.changelog.enabled} with the {@code filesystem} changelog storage (flink-dstl-dfs) in a local
 * directory. Everything else is Flink's default (e.g. periodic materialisation every 10 minutes).
 */
final class FlinkConfig {

    /** Parallelism of every Flink job: one subtask per core of the benchmark machine. */
    static final int PARALLELISM = 2;

    private FlinkConfig() {
    }

    /** A job without state or checkpoints ({@code flink-source}). */
    static Configuration stateless() {
        Configuration c = new Configuration();
        c.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
        c.set(CoreOptions.DEFAULT_PARALLELISM, PARALLELISM);
        c.set(PipelineOptions.OBJECT_REUSE, true);
        c.set(RestartStrategyOptions.RESTART_STRATEGY,
                RestartStrategyOptions.RestartStrategyType.NO_RESTART_STRATEGY.getMainValue());
        return c;
    }

    /**
     * Exactly-once checkpoints every {@code intervalMs} under {@code dir}, with the {@code hashmap} backend
     * ({@code backend = "hashmap"}) or with the changelog on top of it ({@code "changelog"}).
     */
    static Configuration checkpointed(String backend, Path dir, long intervalMs) {
        Configuration c = stateless();
        c.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        c.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        c.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.resolve("checkpoints").toUri().toString());
        c.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(intervalMs));
        c.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        switch (backend) {
            case "hashmap" -> c.set(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG, false);
            case "changelog" -> {
                c.set(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG, true);
                c.set(StateChangelogOptions.STATE_CHANGE_LOG_STORAGE, "filesystem");
                c.set(FsStateChangelogOptions.BASE_PATH, dir.resolve("changelog").toUri().toString());
            }
            default -> throw new IllegalArgumentException("unknown Flink backend '" + backend
                    + "'; known: hashmap, changelog");
        }
        return c;
    }

    /** {@link #checkpointed} whose checkpoints outlive a cancelled job, so that a new job can start from one. */
    static Configuration retained(String backend, Path dir, long intervalMs) {
        Configuration c = checkpointed(backend, dir, intervalMs);
        c.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        return c;
    }
}
