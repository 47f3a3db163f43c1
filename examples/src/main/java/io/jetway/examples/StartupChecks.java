package io.jetway.examples;

import com.hazelcast.config.Config;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.io.FileNotFoundException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks of a command's options that run before it starts anything (broker, members, job). Each failure
 * is a picocli {@link ParameterException}: picocli prints "Invalid value for option '--x': ..." and the
 * usage, and the command exits with code 2.
 */
public final class StartupChecks {

    private final CommandSpec spec;

    /** Checks for the options of {@code spec}'s command. */
    public StartupChecks(CommandSpec spec) {
        this.spec = spec;
    }

    /** Fails unless {@code value} of {@code option} is at least {@code min}. */
    public void atLeast(String option, long value, long min) {
        if (value < min) {
            throw invalid(option, "must be at least " + min + ", was " + value, null);
        }
    }

    /**
     * Reads a Hazelcast member configuration ({@code *.xml}, {@code *.yaml} or {@code *.yml}), failing with
     * a message that names {@code option} and the file.
     */
    public Config memberConfig(String option, Path file) {
        try {
            return Config.loadFromFile(file.toFile());
        } catch (FileNotFoundException e) {
            throw invalid(option, "file '" + file.toAbsolutePath() + "' not found", e);
        } catch (RuntimeException e) {
            throw invalid(option, "'" + file.toAbsolutePath() + "' is not a Hazelcast member configuration (XML "
                    + "in *.xml, YAML in *.yaml or *.yml): " + e.getMessage(), e);
        }
    }

    /**
     * Fails unless a Kafka broker at {@code bootstrapServers} answers within {@code timeout}, naming
     * {@code option}, the address and {@code timeoutOption}.
     */
    public void kafkaReachable(String option, String bootstrapServers, Duration timeout, String timeoutOption) {
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        Admin admin;
        try {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    AdminClientConfig.CLIENT_ID_CONFIG, spec.name() + "-startup-check",
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs));
        } catch (KafkaException e) {
            throw invalid(option, "'" + bootstrapServers + "' is not a list of Kafka brokers (host:port,...): "
                    + e.getMessage(), e);
        }
        try {
            admin.describeCluster().nodes().get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw invalid(option, "no Kafka broker at " + bootstrapServers + " answered within " + timeout.toSeconds()
                    + " s (" + timeoutOption + "): " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw invalid(option, "interrupted while connecting to " + bootstrapServers, e);
        } finally {
            admin.close(Duration.ZERO);     // do not wait for the calls still retrying an unreachable broker
        }
    }

    private ParameterException invalid(String option, String reason, Throwable cause) {
        return new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + reason,
                cause, spec.findOption(option), null);
    }
}
