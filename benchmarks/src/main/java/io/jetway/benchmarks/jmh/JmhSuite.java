package io.jetway.benchmarks.jmh;

import io.jetway.benchmarks.report.Stats;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Runs the JMH benchmarks of this package with the GC profiler ({@code -prof gc}) and turns each benchmark
 * and parameter combination into two {@link Stats} over its measurement iterations:
 * {@code jmh.<Class>.<method>[params].time} in ns/op and {@code ....alloc} in B/op
 * ({@code gc.alloc.rate.norm}).
 */
public final class JmhSuite {

    /** Every benchmark of the module. */
    public static final String ALL = "io\\.jetway\\.benchmarks\\.jmh\\.(SourceHotPath|ProtobufDecode"
            + "|ProtobufFramedDecode|ProtobufEncode|ProtobufSerializer|StateStore|HeldOutputs)Benchmark\\..*";

    private JmhSuite() {
    }

    /**
     * Runs the benchmarks matching {@code include}. {@code quick} runs in this JVM with a few short
     * iterations, for the CI smoke test only: its numbers are not fit for comparison.
     */
    public static List<Stats> run(String include, boolean quick) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder().include(include).addProfiler(GCProfiler.class)
                .shouldFailOnError(true);
        if (quick) {
            options.forks(0).warmupIterations(1).warmupTime(TimeValue.milliseconds(200))
                   .measurementIterations(2).measurementTime(TimeValue.milliseconds(200));
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        List<Stats> stats = new ArrayList<>();
        for (RunResult run : results) {
            BenchmarkParams params = run.getParams();
            String name = "jmh." + shortName(params.getBenchmark()) + paramsOf(params);
            List<Double> times = new ArrayList<>();
            List<Double> allocs = new ArrayList<>();
            for (BenchmarkResult benchmark : run.getBenchmarkResults()) {
                for (IterationResult iteration : benchmark.getIterationResults()) {
                    times.add(iteration.getPrimaryResult().getScore());
                    Result<?> alloc = iteration.getSecondaryResults().get("gc.alloc.rate.norm");
                    if (alloc != null) {
                        allocs.add(alloc.getScore());
                    }
                }
            }
            stats.add(Stats.of(name + ".time", run.getPrimaryResult().getScoreUnit(), toArray(times)));
            if (!allocs.isEmpty()) {
                stats.add(Stats.of(name + ".alloc", "B/op", toArray(allocs)));
            }
        }
        return stats;
    }

    /** {@code io.jetway.benchmarks.jmh.SourceHotPathBenchmark.pollDecodeEmit} → {@code SourceHotPath.pollDecodeEmit}. */
    private static String shortName(String benchmark) {
        String[] parts = benchmark.split("\\.");
        String type = parts[parts.length - 2].replace("Benchmark", "");
        return type + "." + parts[parts.length - 1];
    }

    private static String paramsOf(BenchmarkParams params) {
        StringBuilder b = new StringBuilder();
        for (Object key : params.getParamsKeys()) {
            b.append(b.length() == 0 ? "[" : ",").append(key).append('=').append(params.getParam((String) key));
        }
        return b.length() == 0 ? "" : b.append(']').toString();
    }

    private static double[] toArray(List<Double> values) {
        double[] a = new double[values.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = values.get(i);
        }
        return a;
    }
}
