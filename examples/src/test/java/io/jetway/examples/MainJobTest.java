package io.jetway.examples;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/** The README's main job, small: with the member failure it must still end with an exactly-once verdict. */
class MainJobTest {

    @Test
    void shouldCountEveryEventOnceDespiteTheMemberFailure() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try (PrintStream out = new PrintStream(captured, true, UTF_8)) {
            System.setOut(out);
            exit = new CommandLine(new MainJob()).execute("--events", "20000");
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(UTF_8);
        assertThat(output).contains("lost: 0; counted more than once: 0").contains("VERDICT: EXACTLY ONCE");
        assertThat(exit).isZero();
    }

    @Test
    void shouldRefuseANegativeEventCountBeforeStartingAnything() {
        PrintStream original = System.out;
        StringWriter err = new StringWriter();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try (PrintStream out = new PrintStream(captured, true, UTF_8)) {
            System.setOut(out);
            exit = new CommandLine(new MainJob()).setErr(new PrintWriter(err)).execute("--events", "-5");
        } finally {
            System.setOut(original);
        }
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--events': must be at least 1, was -5");
        assertThat(captured.toString(UTF_8)).as("nothing started").doesNotContain("[jetway]");
    }
}
