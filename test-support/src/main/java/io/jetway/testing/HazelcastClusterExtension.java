package io.jetway.testing;

import java.util.function.Consumer;

import com.hazelcast.config.Config;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A {@link HazelcastCluster} for a test class. In a {@code static} field with {@code @RegisterExtension}
 * the cluster lives for the class; in an instance field, for each test method. Test and lifecycle methods
 * may also declare a {@link HazelcastCluster} parameter.
 * <pre>{@code
 * @RegisterExtension static final HazelcastClusterExtension HZ = HazelcastClusterExtension.of(2);
 * }</pre>
 */
public final class HazelcastClusterExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver {
    private final int members;
    private final Consumer<Config> customizer;
    private HazelcastCluster cluster;
    private String startedBy;

    private HazelcastClusterExtension(int members, Consumer<Config> customizer) {
        this.members = members;
        this.customizer = customizer;
    }

    /** A cluster of {@code members} members in the test JVM. */
    public static HazelcastClusterExtension of(int members) {
        return of(members, config -> { });
    }

    /** A cluster of {@code members} members in the test JVM, each configuration passed to {@code customizer}. */
    public static HazelcastClusterExtension of(int members, Consumer<Config> customizer) {
        return new HazelcastClusterExtension(members, customizer);
    }

    /** The running cluster. */
    public synchronized HazelcastCluster cluster() {
        if (cluster == null) {
            throw new IllegalStateException("Hazelcast cluster not started: register this extension with "
                    + "@RegisterExtension and use it inside tests or lifecycle methods");
        }
        return cluster;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        startIfStopped(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        startIfStopped(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stopIfStartedBy(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stopIfStartedBy(context);
    }

    // Nested classes and per-method callbacks call in again: only the context that started the cluster stops it.
    private synchronized void startIfStopped(ExtensionContext context) {
        if (cluster == null) {
            cluster = HazelcastCluster.start(members, customizer);
            startedBy = context.getUniqueId();
        }
    }

    private synchronized void stopIfStartedBy(ExtensionContext context) {
        if (cluster != null && context.getUniqueId().equals(startedBy)) {
            try {
                cluster.close();
            } finally {
                cluster = null;
                startedBy = null;
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == HazelcastCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return cluster();
    }
}
