package io.jetway.examples;

import io.jetway.examples.fraud.FraudDetectionJob;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's main job, small: Protobuf payments through keyed windows and running totals on the
 * kafka-changelog backend, with a member terminated mid-run, must end with an exactly-once verdict computed
 * from the alerts topic and the SQL-queried summaries.
 */
class FraudDetectionJobTest {

    @Test
    void shouldRaiseEveryAlertOnceAndCountEveryPaymentDespiteTheMemberFailure() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try (PrintStream out = new PrintStream(captured, true, UTF_8)) {
            System.setOut(out);
            exit = new CommandLine(new FraudDetectionJob()).execute("--events", "20000", "--rate", "10000");
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(UTF_8);
        assertThat(output).contains("lost: 0; duplicated: 0; unexpected: 0")
                          .contains("payments counted (expected 20,000)")
                          .contains("VERDICT: EXACTLY ONCE");
        assertThat(exit).isZero();
    }
}
