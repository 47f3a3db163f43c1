package io.jetway.benchmarks.e2e;

/**
 * The warm-up rules of the variants that read the whole input per pass: whole passes until the warm-up time
 * is over (at least one), then one measured pass; or, for long passes, warm-up and measurement in one pass.
 */
final class Passes {

    /** One pass over the whole input. */
    @FunctionalInterface
    interface Pass {
        Measurement run() throws Exception;
    }

    /** One pass that measures its throughput only from {@code measureFromNs} on ({@link RateWindow}). */
    @FunctionalInterface
    interface WindowedPass {
        /** The pass's measurement, or {@code null} when too little of it came after {@code measureFromNs}. */
        Measurement run(long measureFromNs) throws Exception;
    }

    private Passes() {
    }

    /**
     * Warm-up within the pass: the first pass's throughput counts only from the end of the warm-up time;
     * when too little of it came after that, it was warm-up only and another pass is measured whole.
     */
    static Measurement warmUpWithinPass(VariantSettings settings, WindowedPass pass) throws Exception {
        long measureFrom = System.nanoTime() + settings.warmupNanos();
        int passes = 0;
        while (true) {
            Measurement m = pass.run(measureFrom);
            passes++;
            if (m != null) {
                System.err.println(settings.variant() + ": measured in pass " + passes);
                return m;
            }
        }
    }

    static Measurement warmUpThenMeasure(VariantSettings settings, Pass pass) throws Exception {
        long end = System.nanoTime() + settings.warmupNanos();
        int passes = 0;
        do {
            pass.run();
            passes++;
        } while (System.nanoTime() - end < 0);
        System.err.println(settings.variant() + ": " + passes + " warm-up pass(es)");
        return pass.run();
    }

    /**
     * Whole passes until the warm-up time is over (none when it is 0), then one measured pass, timed whole: for
     * figures that run from a job's start, such as {@code committed_throughput} ({@link CountOutput}).
     */
    static Measurement measureWholePass(VariantSettings settings, Pass pass) throws Exception {
        long end = System.nanoTime() + settings.warmupNanos();
        int passes = 0;
        while (System.nanoTime() - end < 0) {
            pass.run();
            passes++;
        }
        System.err.println(settings.variant() + ": " + passes + " warm-up pass(es)");
        return pass.run();
    }
}
