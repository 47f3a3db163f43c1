package io.jetway.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started by a fixture on this JVM's class path, its stdout and stderr appended to a log file.
 * The child's stdin stays open for the child's whole life: {@link ParentWatchdog} in the child halts it
 * when this JVM dies, so no child outlives a crashed test run.
 */
final class ChildJvm {
    private static final long EXIT_WAIT_SECONDS = 30;
    private static final int TAIL_LINES = 60;

    private final String description;
    private final Process process;
    private final Path logFile;
    // Held only so that it is not closed (and collected) before the child ends; see ParentWatchdog.
    @SuppressWarnings({"unused", "FieldCanBeLocal"})
    private final OutputStream childStdin;

    private static final String LOG4J_CONFIGURATION = "log4j2.configurationFile";

    private ChildJvm(String description, Process process, Path logFile) {
        this.description = description;
        this.process = process;
        this.logFile = logFile;
        this.childStdin = process.getOutputStream();
    }

    /** Starts {@code java <jvmArgs> -cp <this class path> <mainClass> <args>}. */
    static ChildJvm start(String description, List<String> jvmArgs, Class<?> mainClass, List<String> args,
                          Path logFile) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        String logging = System.getProperty(LOG4J_CONFIGURATION);
        if (logging != null && jvmArgs.stream().noneMatch(arg -> arg.startsWith("-D" + LOG4J_CONFIGURATION + "="))) {
            command.add("-D" + LOG4J_CONFIGURATION + "=" + logging);      // the child logs as this JVM does
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(args);
        try {
            Files.writeString(logFile, "# " + String.join(" ", command) + System.lineSeparator(),
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            return new ChildJvm(description, process, logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + description + ": " + command, e);
        }
    }

    /** JVM flags from the parent pom's {@code jetway.jvm.flags}, which Hazelcast needs on JDK 17. */
    static List<String> projectJvmFlags() {
        try (InputStream in = ChildJvm.class.getResourceAsStream("child-jvm-flags.txt")) {
            if (in == null) {
                throw new IllegalStateException("child-jvm-flags.txt missing next to " + ChildJvm.class.getName());
            }
            String flags = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            return flags.isEmpty() ? List.of() : Arrays.asList(flags.split("\\s+"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL (what {@code destroyForcibly} sends on Linux), then waits for the exit. */
    void kill() {
        process.destroyForcibly();
        awaitExit("kill -9");
    }

    /** SIGTERM, so the child runs its shutdown hooks; SIGKILL when it has not ended after 30 s. */
    void stop() {
        process.destroy();
        try {
            if (process.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kill();
    }

    private void awaitExit(String after) {
        try {
            if (!process.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException(description + " (pid " + process.pid() + ") still running "
                        + EXIT_WAIT_SECONDS + " s after " + after);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted waiting for " + description + " to exit", e);
        }
    }

    /** The CPU time the child has used so far, 0 when the system does not say. */
    long cpuNanos() {
        return process.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }

    /** Exit code, or -1 while running. */
    int exitCodeOrMinusOne() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    Path logFile() {
        return logFile;
    }

    /** The last lines of the child's output, for error messages. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            List<String> tail = lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size());
            return "---- last " + tail.size() + " lines of " + logFile + " ----" + System.lineSeparator()
                    + String.join(System.lineSeparator(), tail);
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }

    @Override
    public String toString() {
        return description + " (pid " + process.pid() + (process.isAlive() ? ", alive" : ", exited") + ")";
    }
}
