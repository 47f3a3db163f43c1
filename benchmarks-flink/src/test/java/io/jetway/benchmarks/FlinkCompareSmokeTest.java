package io.jetway.benchmarks;

import io.jetway.benchmarks.e2e.Compare;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Flink variants through the benchmark harness with tiny sizes, as {@code CompareSmokeTest} runs Jetway's:
 * {@code Compare} starts a broker in a child JVM and each Flink variant in its own JVM on this module's class
 * path (here the test's, {@code --flink-class-path}), and checks what each read; the source, both exactly-once
 * counts and the restore must be measured. Its numbers mean nothing.
 */
class FlinkCompareSmokeTest {

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void shouldMeasureEveryFlinkVariantInATinyRun(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("latest.json");

        int exit = Compare.run("--records=3000", "--keys=100", "--runs=1", "--warmup-seconds=0",
                "--state-keys=500", "--variants=flink-source,flink-count-hashmap-eos,flink-count-changelog-eos,"
                        + "flink-restore-500", "--skip-jmh", "--heap=512m",
                "--flink-class-path=" + System.getProperty("java.class.path"),
                "--out=" + json, "--log-dir=" + dir.resolve("logs"));

        assertThat(exit).isZero();
        String results = Files.readString(json);
        assertThat(results).as("no variant failed").doesNotContain("(run 1)");
        assertThat(results).contains("\"name\": \"flink-source.throughput\"",
                "\"name\": \"flink-count-hashmap-eos.throughput\"",
                "\"name\": \"flink-count-changelog-eos.throughput\"",
                "\"name\": \"flink-count-changelog-eos.committed_throughput\"",
                "\"name\": \"flink-restore-500.restore_ms\"");
    }
}
