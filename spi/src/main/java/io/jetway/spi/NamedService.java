package io.jetway.spi;

/**
 * A service found with {@link java.util.ServiceLoader} and selected by a stable, lower-case,
 * kebab-case name such as {@code "kafka-changelog"} or {@code "utf8-string"}.
 */
public interface NamedService {

    /** Stable lower-case id used in configuration; never changes between releases. */
    String name();
}
