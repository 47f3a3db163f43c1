package io.jetway.spi;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * Finds a {@link NamedService} implementation by name with {@link ServiceLoader}. A missing name is an
 * error that lists every name found, so a user sees at once whether a jar is missing or a name is
 * misspelt; two implementations with the same name are an error too, never a silent pick.
 */
public final class NamedServiceLoader {

    private NamedServiceLoader() {
    }

    /**
     * Returns the implementation of {@code type} named {@code name} (case-insensitive).
     *
     * @param classLoader the loader to search, usually the Jet job's class loader
     * @throws IllegalArgumentException when no implementation has that name
     * @throws IllegalStateException when two implementations claim the same name
     */
    public static <S extends NamedService> S byName(Class<S> type, String name, ClassLoader classLoader) {
        requireNonNull(type, "type cannot be null");
        requireNonNull(name, "name cannot be null");
        Map<String, S> found = available(type, classLoader);
        S service = found.get(name.toLowerCase(Locale.ROOT));
        if (service == null) {
            throw new IllegalArgumentException("No " + type.getSimpleName() + " named '" + name
                    + "'. Available: " + found.keySet() + ". Is its jar (with META-INF/services/"
                    + type.getName() + ") on the classpath?");
        }
        return service;
    }

    /**
     * All implementations of {@code type}, by lower-case name, sorted. Searches {@code classLoader} (a Jet job's
     * class loader, which may not show its parent's {@code META-INF/services}), then the loader that loaded
     * {@code type}; the same class found through both counts once.
     */
    public static <S extends NamedService> Map<String, S> available(Class<S> type, ClassLoader classLoader) {
        Map<String, S> found = new TreeMap<>();
        Set<ClassLoader> loaders = new LinkedHashSet<>();
        if (classLoader != null) {
            loaders.add(classLoader);
        }
        if (Thread.currentThread().getContextClassLoader() != null) {
            loaders.add(Thread.currentThread().getContextClassLoader());
        }
        loaders.add(type.getClassLoader());
        for (ClassLoader loader : loaders) {
            for (S service : ServiceLoader.load(type, loader)) {
                String key = service.name().toLowerCase(Locale.ROOT);
                S previous = found.putIfAbsent(key, service);
                if (previous != null && !previous.getClass().getName().equals(service.getClass().getName())) {
                    throw new IllegalStateException("Duplicate " + type.getSimpleName() + " '" + service.name()
                            + "': " + previous.getClass().getName() + " and " + service.getClass().getName());
                }
            }
        }
        return found;
    }
}
