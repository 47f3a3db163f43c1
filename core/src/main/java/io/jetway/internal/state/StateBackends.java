package io.jetway.internal.state;

import io.jetway.spi.NamedServiceLoader;
import io.jetway.spi.state.StateBackendFactory;
import io.jetway.state.StateConfig;

import java.util.Set;
import java.util.TreeSet;

/**
 * Finds state backends by name and checks their options, so that a typo fails when the job is built. A
 * backend declares its options in {@link StateBackendFactory#supportedOptions()}; an entry ending in
 * {@code *} accepts every option with that prefix.
 */
final class StateBackends {

    private StateBackends() {
    }

    /**
     * The factory named in {@code config}, after checking that it supports every option given.
     *
     * @throws IllegalArgumentException listing the available backends, or the options the backend supports
     */
    static StateBackendFactory factoryFor(StateConfig config, ClassLoader classLoader) {
        StateBackendFactory factory = NamedServiceLoader.byName(StateBackendFactory.class, config.backendName(),
                classLoader);
        Set<String> unknown = new TreeSet<>();
        for (String key : config.options().keySet()) {
            if (!isSupported(key, factory.supportedOptions())) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("State backend '" + factory.name() + "' does not support option(s) "
                    + unknown + ". Supported: " + new TreeSet<>(factory.supportedOptions()));
        }
        return factory;
    }

    /** Supported when named, or when the backend declares a prefix pattern such as {@code "kafka.*"} that matches. */
    static boolean isSupported(String key, Set<String> supported) {
        if (supported.contains(key)) {
            return true;
        }
        for (String option : supported) {
            if (option.endsWith("*") && key.startsWith(option.substring(0, option.length() - 1))) {
                return true;
            }
        }
        return false;
    }
}
