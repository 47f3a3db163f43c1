package io.jetway.testing;

import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A Kafka broker for a test class. In a {@code static} field with {@code @RegisterExtension} the broker
 * lives for the class; in an instance field, for each test method. Test and lifecycle methods may also
 * declare a {@link KafkaBroker} (or, for {@link #childProcess()}, {@link KafkaBrokerProcess}) parameter.
 * <pre>{@code
 * @RegisterExtension static final KafkaExtension KAFKA = KafkaExtension.shared();
 * }</pre>
 */
public final class KafkaExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver {
    private final Supplier<KafkaBroker> starter;
    private final boolean owned;
    private KafkaBroker broker;
    private String startedBy;

    private KafkaExtension(Supplier<KafkaBroker> starter, boolean owned) {
        this.starter = starter;
        this.owned = owned;
    }

    /** The JVM-wide {@link SharedKafka} broker: fastest, tests must use unique topic names. */
    public static KafkaExtension shared() {
        return new KafkaExtension(SharedKafka::get, false);
    }

    /** A new {@link EmbeddedKafkaBroker} with the default settings. */
    public static KafkaExtension inProcess() {
        return inProcess(Map.of());
    }

    /** A new {@link EmbeddedKafkaBroker} with {@code serverPropertyOverrides}. */
    public static KafkaExtension inProcess(Map<String, String> serverPropertyOverrides) {
        Map<String, String> overrides = Map.copyOf(serverPropertyOverrides);
        return new KafkaExtension(() -> EmbeddedKafkaBroker.start(overrides), true);
    }

    /** A new {@link KafkaBrokerProcess} with the default settings. */
    public static KafkaExtension childProcess() {
        return childProcess(Map.of());
    }

    /** A new {@link KafkaBrokerProcess} with {@code serverPropertyOverrides}. */
    public static KafkaExtension childProcess(Map<String, String> serverPropertyOverrides) {
        Map<String, String> overrides = Map.copyOf(serverPropertyOverrides);
        return new KafkaExtension(() -> KafkaBrokerProcess.start(overrides), true);
    }

    /** The running broker. */
    public synchronized KafkaBroker broker() {
        if (broker == null) {
            throw new IllegalStateException("Kafka broker not started: register this extension with "
                    + "@RegisterExtension and use it inside tests or lifecycle methods");
        }
        return broker;
    }

    /** The running broker of a {@link #childProcess()} extension, to kill and restart it. */
    public KafkaBrokerProcess brokerProcess() {
        KafkaBroker current = broker();
        if (!(current instanceof KafkaBrokerProcess)) {
            throw new IllegalStateException("Not a child-process broker: " + current);
        }
        return (KafkaBrokerProcess) current;
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

    // Nested classes and per-method callbacks call in again: only the context that started the broker stops it.
    private synchronized void startIfStopped(ExtensionContext context) {
        if (broker == null) {
            broker = starter.get();
            startedBy = context.getUniqueId();
        }
    }

    private synchronized void stopIfStartedBy(ExtensionContext context) {
        if (broker != null && context.getUniqueId().equals(startedBy)) {
            try {
                if (owned) {
                    broker.close();
                }
            } finally {
                broker = null;
                startedBy = null;
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == KafkaBroker.class
                || type == KafkaBrokerProcess.class && broker instanceof KafkaBrokerProcess;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return broker();
    }
}
