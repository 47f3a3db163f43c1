package io.jetway.examples.fraud;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input to the main job ends it quickly with a message that names the option: options and the member
 * configuration file are checked before anything starts, an unreachable external Kafka within the start-up
 * timeout, and a job that fails to start ends the program with the job's own failure.
 */
class FraudDetectionJobBadInputTest {

    // Nothing is started: picocli and a file read, a few seconds at most even on a loaded machine.
    private static final Duration NOTHING_STARTED = Duration.ofSeconds(10);

    @ParameterizedTest
    @CsvSource({"--events, -5, 1", "--events, 0, 1", "--rate, -1, 0", "--accounts, 0, 1", "--members, 0, 1",
            "--partitions, 0, 1", "--startup-timeout-seconds, 0, 1"})
    void shouldRefuseANumberOutOfRangeBeforeStartingAnything(String option, String value, String min) {
        Run run = Run.of(option, value);

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("Invalid value for option '" + option + "': must be at least " + min + ", was "
                + value).contains("Usage: fraud-detection");
        assertThat(run.out).as("nothing started").doesNotContain("[jetway]");
        assertThat(run.elapsed).isLessThan(NOTHING_STARTED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"member.xml", "member.yaml", "member.txt"})
    void shouldNameAMemberConfigurationFileItCannotRead(String name, @TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve(name), "this is no Hazelcast configuration: [", UTF_8);

        Run run = Run.of("--hazelcast-config", file.toString());

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("Invalid value for option '--hazelcast-config': '" + file.toAbsolutePath()
                + "' is not a Hazelcast member configuration");
        assertThat(run.out).as("nothing started").doesNotContain("[jetway]");
        assertThat(run.elapsed).isLessThan(NOTHING_STARTED);
    }

    @Test
    void shouldNameAMemberConfigurationFileThatDoesNotExist(@TempDir Path dir) {
        Path missing = dir.resolve("missing.xml");

        Run run = Run.of("--hazelcast-config", missing.toString());

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("Invalid value for option '--hazelcast-config': file '" + missing.toAbsolutePath()
                + "' not found");
    }

    @Test
    void shouldNameTheOptionAndTheAddressWhenNoBrokerAnswersWithinTheStartupTimeout() {
        Duration startupTimeout = Duration.ofSeconds(5);

        Run run = Run.of("--bootstrap-servers", "127.0.0.1:1", "--startup-timeout-seconds",
                Long.toString(startupTimeout.toSeconds()));

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("Invalid value for option '--bootstrap-servers': no Kafka broker at 127.0.0.1:1 "
                + "answered within 5 s (--startup-timeout-seconds)");
        assertThat(run.out).as("nothing started").doesNotContain("[jetway]");
        // the timeout, plus loading and creating one admin client (8 s measured on 2 loaded cores); it was 60 s
        // of connection warnings before
        assertThat(run.elapsed).isLessThan(startupTimeout.plus(Duration.ofSeconds(20)));
    }

    /**
     * The job fails while it starts (no backend 'bogus'); the program used to wait 60 s more for the job to
     * be RUNNING and end with a ConditionTimeoutException. Now it ends with the job's failure as soon as the
     * job has failed: from the line printed just before the job is submitted to the end of the program
     * (the member and the broker stopped) takes well under those 60 s.
     */
    @Test
    void shouldEndWithTheJobsOwnFailureAsSoonAsTheJobFails() {
        Run run = Run.of("--state-backend", "bogus", "--events", "100", "--members", "1");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).contains("No StateBackendFactory named 'bogus'").contains("ended FAILED")
                           .doesNotContain("ConditionTimeoutException");
        assertThat(run.sinceOutputLine("state backend 'bogus'")).isLessThan(Duration.ofSeconds(40));
    }

    /**
     * One in-process run of the main job's command line: exit code, what it printed (stdout with the time
     * each line was printed), how long it took.
     */
    private record Run(int exitCode, String out, String err, Duration elapsed, List<Long> lineEndNs, long endNs) {

        static Run of(String... args) {
            PrintStream originalOut = System.out;
            PrintStream originalErr = System.err;
            TimedLines out = new TimedLines();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            long startNs = System.nanoTime();
            int exitCode;
            try (PrintStream capturedOut = new PrintStream(out, true, UTF_8);
                 PrintStream capturedErr = new PrintStream(err, true, UTF_8)) {
                System.setOut(capturedOut);
                System.setErr(capturedErr);
                exitCode = FraudDetectionJob.execute(args);
            } finally {
                System.setOut(originalOut);
                System.setErr(originalErr);
            }
            long endNs = System.nanoTime();
            Run run = new Run(exitCode, out.text(), err.toString(UTF_8), Duration.ofNanos(endNs - startNs),
                    out.lineEndNs(), endNs);
            originalOut.println("fraud-detection " + String.join(" ", args) + " -> exit " + exitCode + " in "
                    + run.elapsed.toMillis() + " ms" + System.lineSeparator() + run.out + run.err);
            return run;
        }

        /** The time from the end of the first stdout line containing {@code text} to the end of the run. */
        Duration sinceOutputLine(String text) {
            String[] lines = out.split("\n", -1);
            for (int i = 0; i < lines.length && i < lineEndNs.size(); i++) {
                if (lines[i].contains(text)) {
                    return Duration.ofNanos(endNs - lineEndNs.get(i));
                }
            }
            throw new AssertionError("no line with '" + text + "' printed: " + out);
        }
    }

    /** An output stream that remembers when each line ended. */
    private static final class TimedLines extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final List<Long> lineEndNs = new ArrayList<>();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
            if (b == '\n') {
                lineEndNs.add(System.nanoTime());
            }
        }

        synchronized String text() {
            return bytes.toString(UTF_8);
        }

        synchronized List<Long> lineEndNs() {
            return List.copyOf(lineEndNs);
        }
    }
}
