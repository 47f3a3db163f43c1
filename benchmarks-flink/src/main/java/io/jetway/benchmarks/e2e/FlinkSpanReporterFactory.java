package io.jetway.benchmarks.e2e;

import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.traces.Span;
import org.apache.flink.traces.reporter.TraceReporter;
import org.apache.flink.traces.reporter.TraceReporterFactory;

import java.util.Properties;

/**
 * Creates the trace reporter that hands Flink's spans to {@link FlinkInitSpans} in this JVM; Flink finds
 * it through {@code META-INF/services} and {@link FlinkCluster} names it in {@code traces.reporter.*}.
 * Public, with a public constructor, for {@link java.util.ServiceLoader}.
 */
public final class FlinkSpanReporterFactory implements TraceReporterFactory {

    /** The name of the reporter in the configuration. */
    static final String NAME = "bench";

    @Override
    public TraceReporter createTraceReporter(Properties properties) {
        return new Reporter();
    }

    /** Forwards every span; keeps nothing itself. */
    private static final class Reporter implements TraceReporter {

        @Override
        public void open(MetricConfig config) {
        }

        @Override
        public void close() {
        }

        @Override
        public void notifyOfAddedSpan(Span span) {
            FlinkInitSpans.add(span);
        }
    }
}
