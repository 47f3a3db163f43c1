package io.jetway.state.changelog;

import io.jetway.spi.state.StateBackend;
import io.jetway.spi.state.StateBackendFactory;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CrashingChangelogBackendFactoryTest {

    // A method left to the interface's default runs code the real backend does not (the kafka-changelog backend
    // overrides prepareSnapshotWhileOpening; the interface's default would save a previous execution's entries).
    @Test
    void shouldForwardEveryMethodOfTheBackendAndTheFactory() {
        assertThat(notDeclared(StateBackend.class, CrashingChangelogBackendFactory.CrashingBackend.class))
                .as("StateBackend methods CrashingBackend does not forward").isEmpty();
        assertThat(notDeclared(StateBackendFactory.class, CrashingChangelogBackendFactory.class))
                .as("StateBackendFactory methods CrashingChangelogBackendFactory does not forward").isEmpty();
    }

    private static List<String> notDeclared(Class<?> api, Class<?> implementation) {
        return Arrays.stream(api.getMethods())
                     .filter(m -> !m.getDeclaringClass().equals(Object.class) && !isDeclaredBy(implementation, m))
                     .map(Method::getName)
                     .toList();
    }

    private static boolean isDeclaredBy(Class<?> implementation, Method method) {
        try {
            implementation.getDeclaredMethod(method.getName(), method.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
