package io.jetway.kafka.common.txn;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kafka-clients versions that exactly-once (the {@link ReflectiveTransactionResumer}) was tested with,
 * and the check that refuses the others unless the user accepts the risk with the system property
 * {@value #OVERRIDE_PROPERTY}{@code =}{@value #OVERRIDE_VALUE}.
 * <p>
 * {@link #TESTED} lists the releases that the build's compatibility profiles ran ({@code -Pkafka-4.0} …
 * {@code -Pkafka-4.4} in the root {@code pom.xml}); any release of the same major.minor line is accepted,
 * since the internals the resumer needs are the same within a line. Adding a line means: a profile in the
 * pom, its version here, the README's list, and the compatibility tests passing with it.
 */
public final class KafkaClientsCompatibility {

    /** The system property that lets exactly-once run with an untested kafka-clients, at one's own risk. */
    public static final String OVERRIDE_PROPERTY = "jetway.kafka.clients.untested";
    /** The value of {@link #OVERRIDE_PROPERTY} that allows it. */
    public static final String OVERRIDE_VALUE = "allow";

    /** The kafka-clients releases exactly-once was tested with, one per accepted minor line, oldest first. */
    public static final List<String> TESTED = List.of("4.0.2", "4.1.2", "4.2.2", "4.3.2", "4.4.0");

    private static final Pattern MAJOR_MINOR = Pattern.compile("^(\\d+)\\.(\\d+)(?:\\.\\d+)?$");

    private KafkaClientsCompatibility() {
    }

    /**
     * Whether {@code version} (as kafka-clients reports it, e.g. {@code 4.1.0}) belongs to a tested minor
     * line. Pre-releases and vendor builds ({@code 4.1.0-SNAPSHOT}, {@code 8.0.0-ccs}) are not.
     */
    public static boolean isTested(String version) {
        String line = minorLine(version);
        return line != null && TESTED.stream().anyMatch(tested -> line.equals(minorLine(tested)));
    }

    /**
     * Refuses an untested kafka-clients version unless {@code override} is {@value #OVERRIDE_VALUE}, in which
     * case {@code warn} gets a warning naming it.
     *
     * @param version  the kafka-clients version on the class path
     * @param override the value of {@link #OVERRIDE_PROPERTY}, or {@code null}
     * @throws IllegalStateException naming the version, the tested ones and how to override
     */
    public static void check(String version, String override, Consumer<String> warn) {
        if (isTested(version)) {
            return;
        }
        if (override != null && OVERRIDE_VALUE.equals(override.trim().toLowerCase(Locale.ROOT))) {
            warn.accept("Exactly-once runs with kafka-clients " + version + ", which Jetway has not been tested with "
                    + "(tested: " + testedText() + "), because -D" + OVERRIDE_PROPERTY + "=" + OVERRIDE_VALUE
                    + " is set: it resumes prepared transactions through that version's producer internals at "
                    + "your own risk. Check that a job killed between snapshot phases 1 and 2 loses and "
                    + "duplicates nothing before relying on it.");
            return;
        }
        throw new IllegalStateException("Exactly-once with Kafka transactions is not supported with kafka-clients "
                + version + ": Jetway resumes a transaction prepared in snapshot phase 1 through producer "
                + "internals and is tested with kafka-clients " + testedText() + ". Use one of those, run the "
                + "job at-least-once, or set -D" + OVERRIDE_PROPERTY + "=" + OVERRIDE_VALUE
                + " on every member to try this version at your own risk"
                + (override == null ? "" : " (" + OVERRIDE_PROPERTY + " is '" + override + "')"));
    }

    /** The tested versions, for messages. */
    static String testedText() {
        return String.join(", ", TESTED) + " (and any other patch release of those minor lines)";
    }

    private static String minorLine(String version) {
        if (version == null) {
            return null;
        }
        Matcher m = MAJOR_MINOR.matcher(version.trim());
        return m.matches() ? Integer.parseInt(m.group(1)) + "." + Integer.parseInt(m.group(2)) : null;
    }
}
