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
 * The benchmark harness end to end with tiny sizes, as CI runs it: quick in-JVM JMH of the source hot path,
 * a broker in a child JVM, seven variants in their own JVMs (a bare consumer, the kafka-changelog snapshot and
 * restore, whose job reads through Jetway's source with the Protobuf decoder, the Kafka sink exactly-once
 * and at-least-once, and the exactly-once counts writing to Kafka: Jetway aligned, every update and
 * NEWEST_PER_SNAPSHOT, Kafka Streams), checked record counts and checksums, and the three result files.
 * Its numbers mean nothing; the full run is {@code Compare} without options.
 */
class CompareSmokeTest {

    @Test
    @Timeout(value = 7, unit = TimeUnit.MINUTES)
    void shouldWriteResultsOfATinyRun(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("latest.json");

        int exit = Compare.run("--records=3000", "--keys=100", "--runs=1", "--warmup-seconds=0",
                "--state-keys=500", "--variants=bare-consumer,state-changelog-500,sink-eos,sink-alo,"
                        + "count-changelog-aligned-eos-kafka,count-changelog-aligned-eos-kafka-newest,"
                        + "kstreams-count-eos-kafka",
                "--jmh-quick", "--jmh-include=SourceHotPath.*pollDecodeEmit", "--heap=256m",
                "--out=" + json, "--log-dir=" + dir.resolve("logs"));

        assertThat(exit).isZero();
        String results = Files.readString(json);
        assertThat(results).contains("\"machine\": {\"cores\": ", "\"jdk\": ",
                "\"name\": \"bare-consumer.throughput\"",
                "\"name\": \"state-changelog-500.snapshot_ms\"", "\"name\": \"state-changelog-500.restore_rate\"",
                "\"source_vs_bare_consumer\": {", "\"alloc_bytes_per_record_source\": {",
                "\"restore_vs_bare_consumer\": {", "\"changelog_snapshot_ms_by_keys\": {",
                "\"name\": \"sink-eos.throughput\"", "\"name\": \"sink-alo.throughput\"",
                "\"eos_vs_alo_sink\": {\"description\"",
                "\"name\": \"count-changelog-aligned-eos-kafka-newest.output_records\"",
                "\"eos_count_equal_work_vs_kafka_streams\": {\"description\"");
        assertThat(results).as("no variant failed").doesNotContain("(run 1)");
        assertThat(results).as("the sink ratio measured").doesNotContain("\"not_measured\": \"sink-");
        assertThat(results).as("the equal-work count ratio measured")
                           .doesNotContainPattern("\"eos_count_equal_work_vs_kafka_streams\": \\{[^}]*not_measured");
        assertThat(dir.resolve("latest.md")).content().contains("| `source_vs_bare_consumer`");
        assertThat(Files.size(dir.resolve("latest.png"))).isGreaterThan(10_000);
    }
}
